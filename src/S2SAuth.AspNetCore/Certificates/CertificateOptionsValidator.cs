using Microsoft.Extensions.Options;
using S2SAuth.Authentication;

namespace S2SAuth.Certificates;

/// <summary>
/// Checks the certificate and SPIFFE settings once at start-up (<c>ServiceAuth:Certificates</c>, <c>ServiceAuth:Spiffe</c>,
/// <c>ServiceAuth:ServiceScopes</c>, <c>ServiceAuth:DefaultServiceCredential</c>); each message names the key and says what to do.
/// </summary>
internal sealed class CertificateOptionsValidator : IValidateOptions<ServiceAuthOptions>
{
    private const string S = ServiceAuthOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ServiceAuthOptions options)
    {
        var errors = new List<string>();
        var certificates = options.Certificates;
        if (!ServiceCredentialPolicies.IsValid(options.DefaultServiceCredential))
        {
            errors.Add($"{S}:DefaultServiceCredential must be one or more of Token, Certificate, BoundToken, SignedRequest, ApiKey (comma-separated).");
        }

        if (!Enum.IsDefined(certificates.IdentitySource))
        {
            errors.Add($"{S}:Certificates:IdentitySource must be SpiffeId or DnsName.");
        }

        if (certificates.ReloadInterval < TimeSpan.FromMilliseconds(100) || certificates.ReloadInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{S}:Certificates:ReloadInterval must be between 100 ms and 1 hour (it is {certificates.ReloadInterval}).");
        }

        CheckTrustBundle(errors, certificates.TrustBundlePath);
        var acceptsCertificates = certificates.TrustBundlePath is { Length: > 0 } || certificates.Forwarded.Header != ForwardedCertificateHeader.None;
        if ((options.DefaultServiceCredential & ServiceCredentialPolicy.Certificate) != 0 && !acceptsCertificates)
        {
            errors.Add($"{S}:DefaultServiceCredential is {options.DefaultServiceCredential} but no client certificate can be trusted: set {S}:Certificates:TrustBundlePath (or a forwarded certificate header).");
        }

        if (acceptsCertificates && certificates.IdentitySource == CertificateIdentitySource.DnsName && certificates.DnsNames.Count == 0)
        {
            errors.Add($"{S}:Certificates:DnsNames is empty: with IdentitySource DnsName, map each client certificate's DNS name to its service id.");
        }

        if ((acceptsCertificates && certificates.IdentitySource == CertificateIdentitySource.SpiffeId) || options.Spiffe.JwtBundles.Count > 0)
        {
            CheckSpiffe(errors, options.Spiffe);
        }

        foreach (var (dnsName, service) in certificates.DnsNames)
        {
            if (string.IsNullOrWhiteSpace(dnsName) || string.IsNullOrWhiteSpace(service))
            {
                errors.Add($"{S}:Certificates:DnsNames must map non-empty DNS names to non-empty service ids.");
                break;
            }
        }

        foreach (var (service, scopes) in options.ServiceScopes)
        {
            if (string.IsNullOrWhiteSpace(service) || scopes.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{S}:ServiceScopes:{service} must name a service and list non-empty scopes.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckTrustBundle(List<string> errors, string? path)
    {
        if (path is not { Length: > 0 })
        {
            return;
        }

        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.Add($"{S}:Certificates:TrustBundlePath '{path}' cannot be read ({ex.GetType().Name}): point it at a PEM file of the internal CA certificates.");
            return;
        }

        if (TrustBundleSnapshot.Parse(content, 0, out var reason) is null)
        {
            errors.Add($"{S}:Certificates:TrustBundlePath '{path}' is not a usable trust bundle: {reason}.");
        }
    }

    private static void CheckSpiffe(List<string> errors, SpiffeOptions spiffe)
    {
        if (spiffe.TrustDomains.Count == 0)
        {
            errors.Add($"{S}:Spiffe:TrustDomains is empty: name the SPIFFE trust domains whose workloads may call (e.g. 'prod.example.org').");
        }

        for (var i = 0; i < spiffe.TrustDomains.Count; i++)
        {
            if (!SpiffeId.IsTrustDomain(spiffe.TrustDomains[i]))
            {
                errors.Add($"{S}:Spiffe:TrustDomains:{i} '{spiffe.TrustDomains[i]}' is not a trust domain name (lowercase letters, digits, '.', '-', '_'; no scheme or path).");
            }
        }

        foreach (var (id, service) in spiffe.ServiceIds)
        {
            if (!SpiffeId.TryParse(id, out var parsed) || !spiffe.TrustDomains.Contains(parsed.TrustDomain) || string.IsNullOrWhiteSpace(service))
            {
                errors.Add($"{S}:Spiffe:ServiceIds: '{id}' must be a SPIFFE ID of an allowed trust domain, mapped to a non-empty service id.");
            }
        }

        if (spiffe.PathTemplate is { Length: > 0 } template && !ServiceIdMapper.IsValidTemplate(template))
        {
            errors.Add($"{S}:Spiffe:PathTemplate '{template}' must be a path of non-empty segments with exactly one '{{service}}' segment, e.g. '/ns/*/sa/{{service}}'.");
        }
    }
}
