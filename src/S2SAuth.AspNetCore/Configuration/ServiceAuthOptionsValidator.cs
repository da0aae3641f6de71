using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace S2SAuth.Configuration;

/// <summary>Checks <see cref="ServiceAuthOptions"/> once at start-up; each message names the key and says what to do.</summary>
internal sealed class ServiceAuthOptionsValidator : IValidateOptions<ServiceAuthOptions>
{
    private static readonly HashSet<string> KnownAlgorithms = new(StringComparer.Ordinal)
    {
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    };

    private readonly IHostEnvironment? _environment;

    public ServiceAuthOptionsValidator(IHostEnvironment? environment = null) => _environment = environment;

    public ValidateOptionsResult Validate(string? name, ServiceAuthOptions options)
    {
        var errors = new List<string>();
        const string S = ServiceAuthOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            errors.Add($"{S}:Authority is required: the issuer URL whose /.well-known/openid-configuration publishes the signing keys.");
        }
        else
        {
            CheckUrl(errors, options, "Authority", options.Authority);
        }

        CheckUrl(errors, options, "MetadataAddress", options.MetadataAddress);
        CheckUrl(errors, options, "JwksUri", options.JwksUri);
        CheckJwksOrigins(errors, options);
        if (!options.AllAudiences().Any())
        {
            errors.Add($"{S}:Audience is required: the audience this service accepts in 'aud' (e.g. 'pricing-service' or 'urn:pricing-service').");
        }
        else if (options.AllAudiences().Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{S}:Audiences must not contain empty values.");
        }

        CheckAlgorithms(errors, options.EffectiveAlgorithms().ToList());
        CheckRange(errors, "ClockSkew", options.ClockSkew, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        CheckRange(errors, "MaxTokenLifetime", options.MaxTokenLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));
        CheckRange(errors, "KeyRefreshInterval", options.KeyRefreshInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        CheckRange(errors, "KeyRefreshMinInterval", options.KeyRefreshMinInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        CheckRange(errors, "MetadataTimeout", options.MetadataTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2));
        CheckRange(errors, "KeyMaxStaleness", options.KeyMaxStaleness, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        if (options.KeyMaxStaleness <= options.KeyRefreshInterval)
        {
            errors.Add($"{S}:KeyMaxStaleness ({options.KeyMaxStaleness}) must be longer than {S}:KeyRefreshInterval ({options.KeyRefreshInterval}): keys would be dropped before their scheduled refresh.");
        }
        if (options.MaxTokenLength is < 256 or > 64 * 1024)
        {
            errors.Add($"{S}:MaxTokenLength must be between 256 and 65536 characters (it is {options.MaxTokenLength}).");
        }

        CheckCache(errors, options.VerifiedTokenCache);
        CheckProfile(errors, options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void CheckUrl(List<string> errors, ServiceAuthOptions options, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"ServiceAuth:{key} must be an absolute http(s) URL (it is '{value}').");
            return;
        }

        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            if (options.RequireHttpsMetadata)
            {
                errors.Add($"ServiceAuth:{key} uses http while ServiceAuth:RequireHttpsMetadata is true: use https, or set RequireHttpsMetadata=false for a loopback or development issuer.");
            }
            else if (!IsLoopback(uri) && _environment?.IsDevelopment() != true)
            {
                errors.Add($"ServiceAuth:{key} uses http on '{uri.Host}', which is not loopback: plain-HTTP metadata is only allowed on loopback or in the Development environment.");
            }
        }
    }

    /// <summary>Each extra JWKS origin is <c>scheme://host[:port]</c> and obeys the Authority's HTTPS rule.</summary>
    private void CheckJwksOrigins(List<string> errors, ServiceAuthOptions options)
    {
        if (options.AllowedJwksOrigins is null)
        {
            errors.Add("ServiceAuth:AllowedJwksOrigins must not be null.");
            return;
        }

        foreach (var origin in options.AllowedJwksOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                errors.Add($"ServiceAuth:AllowedJwksOrigins contains '{origin}', which is not an origin: write scheme://host[:port], without path, query or user info (e.g. https://www.googleapis.com).");
                continue;
            }

            CheckUrl(errors, options, "AllowedJwksOrigins", origin);
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static void CheckAlgorithms(List<string> errors, List<string> algorithms)
    {
        if (algorithms.Count == 0)
        {
            errors.Add("ServiceAuth:ValidAlgorithms must name at least one algorithm (default: RS256, PS256, ES256).");
            return;
        }

        foreach (var alg in algorithms)
        {
            if (string.Equals(alg, "none", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("ServiceAuth:ValidAlgorithms must not contain 'none': unsigned tokens are never accepted.");
            }
            else if (alg.StartsWith("HS", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"ServiceAuth:ValidAlgorithms must not contain '{alg}': HMAC needs a shared secret, and an issuer's JWKS holds public keys only.");
            }
            else if (!KnownAlgorithms.Contains(alg))
            {
                errors.Add($"ServiceAuth:ValidAlgorithms contains '{alg}', which is not an asymmetric JWS algorithm (use RS256/384/512, PS256/384/512 or ES256/384/512).");
            }
        }
    }

    /// <summary>The profile and its overrides: every claim list usable, lifetimes in range, Entra ID on one tenant.</summary>
    private static void CheckProfile(List<string> errors, ServiceAuthOptions options)
    {
        const string S = ServiceAuthOptions.SectionName;
        if (!Enum.IsDefined(options.Profile))
        {
            errors.Add($"{S}:Profile must be one of {string.Join(", ", Enum.GetNames<IdentityProviderProfile>())}.");
        }

        if (!Enum.IsDefined(options.ServiceTokenRecognition))
        {
            errors.Add($"{S}:ServiceTokenRecognition must be one of {string.Join(", ", Enum.GetNames<ServiceTokenRecognition>())}.");
        }

        if (options.AudienceClaim is { } audienceClaim && string.IsNullOrWhiteSpace(audienceClaim))
        {
            errors.Add($"{S}:AudienceClaim must name a claim (e.g. 'aud', or 'client_id' for Cognito access tokens).");
        }

        if (options.ServiceTokens is null || options.UserTokens is null)
        {
            errors.Add($"{S}:ServiceTokens and {S}:UserTokens must not be null.");
            return;
        }

        var service = options.ServiceTokens;
        var user = options.UserTokens;
        CheckKind(errors, "ServiceTokens", service.IdClaims, service.MaxLifetime, [service.IdClaims, service.TenantClaims, service.RequiredClaims, service.ScopeClaims]);
        CheckKind(errors, "UserTokens", user.IdClaims, user.MaxLifetime, [user.IdClaims, user.TenantClaims, user.RequiredClaims, user.PermissionClaims, user.RoleClaims]);
        if (options.Profile == IdentityProviderProfile.EntraId && options.Authority is { } authority && !Profiles.EntraIssuers.NamesOneTenant(authority))
        {
            errors.Add($"{S}:Authority must name one Entra ID tenant (https://login.microsoftonline.com/{{tenant-id}}/v2.0), not a multi-tenant endpoint (common, organizations, consumers): tokens of other tenants would be accepted.");
        }
    }

    private static void CheckKind(List<string> errors, string key, IList<string>? idClaims, TimeSpan? maxLifetime, IList<string>?[] lists)
    {
        if (idClaims is { Count: 0 })
        {
            errors.Add($"ServiceAuth:{key}:IdClaims must name at least one claim (the first present names the caller), or be left unset for the profile's.");
        }

        foreach (var list in lists)
        {
            if (list is not null && list.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"ServiceAuth:{key} lists an empty claim name.");
                break;
            }
        }

        if (maxLifetime is { } max)
        {
            CheckRange(errors, key + ":MaxLifetime", max, TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));
        }
    }

    private static void CheckCache(List<string> errors, VerifiedTokenCacheOptions? cache)
    {
        const string C = "ServiceAuth:VerifiedTokenCache";
        if (cache is null)
        {
            errors.Add($"{C} must not be null.");
            return;
        }

        CheckRange(errors, "VerifiedTokenCache:MaxDuration", cache.MaxDuration, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        if (cache.MaxEntries is < 0 or > 1_000_000)
        {
            errors.Add($"{C}:MaxEntries must be between 0 (no caching) and 1000000 (it is {cache.MaxEntries}).");
        }

        if (cache.MaxTotalCharacters is < 1024 or > 1L << 30)
        {
            errors.Add($"{C}:MaxTotalCharacters must be between 1024 and 1073741824 (it is {cache.MaxTotalCharacters}).");
        }

        if (cache.MaxTokenLength is < 256 or > 64 * 1024)
        {
            errors.Add($"{C}:MaxTokenLength must be between 256 and 65536 characters (it is {cache.MaxTokenLength}).");
        }
    }

    private static void CheckRange(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"ServiceAuth:{key} must be between {min} and {max} (it is {value}).");
        }
    }
}
