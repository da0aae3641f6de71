using Microsoft.Extensions.Options;
using S2SAuth.Client.Certificates;
using S2SAuth.Client.Http;

namespace S2SAuth.Client.Configuration;

/// <summary>
/// Checks <see cref="ServiceTokenClientOptions"/> at start-up, but only once some HttpClient uses
/// <c>AddServiceTokenHandler</c>: a service that makes no outgoing calls needs no client id. Each message names the key.
/// A configured client certificate is loaded here once, so a missing file or a key of another certificate stops the start.
/// </summary>
internal sealed class ServiceTokenClientOptionsValidator : IValidateOptions<ServiceTokenClientOptions>
{
    private const string S = ServiceTokenClientOptions.SectionName;
    private readonly ServiceTokenClientRegistry _registry;
    private readonly TimeProvider _time;

    public ServiceTokenClientOptionsValidator(ServiceTokenClientRegistry registry, TimeProvider time)
    {
        _registry = registry;
        _time = time;
    }

    public ValidateOptionsResult Validate(string? name, ServiceTokenClientOptions options)
    {
        if (_registry.HandlerClients.Count == 0)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        var because = $"because HttpClient '{_registry.HandlerClients[0]}' uses AddServiceTokenHandler";
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            errors.Add($"{S}:ClientId is required {because}: the OAuth2 client id this service gets its service token with.");
        }

        var byCertificate = ClientCertificateTransport.IsCertificateAuthentication(options.ClientAuthentication);
        if (byCertificate)
        {
            if (!string.IsNullOrEmpty(options.ClientSecret))
            {
                errors.Add($"{S}:ClientSecret must not be set with {S}:ClientAuthentication={options.ClientAuthentication}: the client certificate authenticates this service (RFC 8705), no secret is sent.");
            }

            if (string.IsNullOrWhiteSpace(options.ClientCertificate?.CertificatePath))
            {
                errors.Add($"{ClientCertificateKeys.CertificatePath} is required with {S}:ClientAuthentication={options.ClientAuthentication}: the PEM certificate that authenticates this service at the token endpoint.");
            }
        }
        else if (string.IsNullOrEmpty(options.ClientSecret))
        {
            errors.Add($"{S}:ClientSecret is required {because}: supply it from a secret store or the {S}__ClientSecret environment variable, never from a committed file.");
        }

        CheckClientCertificate(errors, options.ClientCertificate);

        if (string.IsNullOrWhiteSpace(options.Authority) && string.IsNullOrWhiteSpace(options.TokenEndpoint))
        {
            errors.Add($"{S}:Authority is required {because} (or {S}:TokenEndpoint): the issuer whose discovery document names the token endpoint.");
        }

        CheckUrl(errors, "Authority", options.Authority, options.RequireHttpsMetadata);
        CheckUrl(errors, "TokenEndpoint", options.TokenEndpoint, options.RequireHttpsMetadata);
        if (!Enum.IsDefined(options.ClientAuthentication))
        {
            errors.Add($"{S}:ClientAuthentication must be ClientSecretBasic, ClientSecretPost, TlsClientAuth or SelfSignedTlsClientAuth.");
        }

        if (!Enum.IsDefined(options.AudienceParameter))
        {
            errors.Add($"{S}:AudienceParameter must be Audience or Resource.");
        }

        CheckRange(errors, "TokenRefreshBeforeExpiry", options.TokenRefreshBeforeExpiry, TimeSpan.Zero, TimeSpan.FromHours(1));
        CheckRange(errors, "TokenExpiryMargin", options.TokenExpiryMargin, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        CheckRange(errors, "TokenRequestTimeout", options.TokenRequestTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2));
        CheckRange(errors, "TokenFailureBackoff", options.TokenFailureBackoff, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        CheckRange(errors, "TokenForcedRefreshMinInterval", options.TokenForcedRefreshMinInterval, TimeSpan.Zero, TimeSpan.FromHours(1));
        if (options.ExchangedTokenCacheMaxEntries is < 1 or > 10_000_000)
        {
            errors.Add($"{S}:ExchangedTokenCacheMaxEntries must be between 1 and 10000000 (it is {options.ExchangedTokenCacheMaxEntries}).");
        }

        if (options.ExchangedTokenCacheMaxBytes is < 64 * 1024 or > 16L * 1024 * 1024 * 1024)
        {
            errors.Add($"{S}:ExchangedTokenCacheMaxBytes must be between 65536 and 17179869184 (it is {options.ExchangedTokenCacheMaxBytes}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The certificate files must load now: a broken pair is a start-up error naming the key, not a failure on the first call.</summary>
    private void CheckClientCertificate(List<string> errors, ClientCertificateOptions? certificate)
    {
        if (certificate is null)
        {
            errors.Add($"{ClientCertificateKeys.Section} must not be null.");
            return;
        }

        if (string.IsNullOrWhiteSpace(certificate.CertificatePath))
        {
            if (!string.IsNullOrWhiteSpace(certificate.KeyPath))
            {
                errors.Add($"{ClientCertificateKeys.KeyPath} is set without {ClientCertificateKeys.CertificatePath}.");
            }

            return;
        }

        CheckRange(errors, "ClientCertificate:ReloadInterval", certificate.ReloadInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        var (certificateBytes, keyBytes, readError) = PemCertificateFiles.Read(certificate.CertificatePath, certificate.KeyPath);
        var (loaded, error) = readError is null ? PemCertificateFiles.Load(certificateBytes!, keyBytes!, _time.GetUtcNow()) : (null, readError);
        if (loaded is null)
        {
            errors.Add(ClientCertificateKeys.Describe(error!));
        }

        loaded?.Dispose();
    }

    private static void CheckUrl(List<string> errors, string key, string? value, bool requireHttps)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{S}:{key} must be an absolute http(s) URL (it is '{value}').");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && requireHttps)
        {
            errors.Add($"{S}:{key} uses http while {S}:RequireHttpsMetadata is true: use https, or set RequireHttpsMetadata=false for a loopback issuer.");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !UrlRules.IsLoopback(uri))
        {
            errors.Add($"{S}:{key} uses http on '{uri.Host}', which is not loopback: the client secret and tokens only travel over plain HTTP on loopback.");
        }
    }

    private static void CheckRange(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{S}:{key} must be between {min} and {max} (it is {value}).");
        }
    }
}
