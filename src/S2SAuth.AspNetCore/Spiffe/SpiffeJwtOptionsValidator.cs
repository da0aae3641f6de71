using Microsoft.Extensions.Options;
using S2SAuth.Certificates;

namespace S2SAuth.Spiffe;

/// <summary>Checks <c>ServiceAuth:Spiffe:JwtBundles</c> and <c>JwtBundleRefreshInterval</c> at start-up; each message names the key.</summary>
internal sealed class SpiffeJwtOptionsValidator : IValidateOptions<ServiceAuthOptions>
{
    private const string S = ServiceAuthOptions.SectionName + ":Spiffe";

    public ValidateOptionsResult Validate(string? name, ServiceAuthOptions options)
    {
        var spiffe = options.Spiffe;
        if (spiffe is null)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (spiffe.JwtBundles is null)
        {
            errors.Add($"{S}:JwtBundles must not be null.");
            return ValidateOptionsResult.Fail(errors);
        }

        var trustDomains = new HashSet<string>(spiffe.TrustDomains ?? [], StringComparer.Ordinal);
        foreach (var (trustDomain, value) in spiffe.JwtBundles)
        {
            if (!SpiffeId.IsTrustDomain(trustDomain))
            {
                errors.Add($"{S}:JwtBundles:{trustDomain} is not a valid SPIFFE trust domain name: use lowercase letters, digits, '.', '-' and '_' only (e.g. prod.example.org).");
                continue;
            }

            if (!trustDomains.Contains(trustDomain))
            {
                errors.Add($"{S}:JwtBundles:{trustDomain} names a trust domain that is not in {S}:TrustDomains: add it there, or remove its bundle.");
            }

            if (!BundleLocation.TryParse(value, options.RequireHttpsMetadata, out _, out var problem))
            {
                errors.Add($"{S}:JwtBundles:{trustDomain} {problem}.");
            }
        }

        if (spiffe.JwtBundleRefreshInterval < TimeSpan.FromSeconds(1) || spiffe.JwtBundleRefreshInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{S}:JwtBundleRefreshInterval must be between 1 second and 1 day (it is {spiffe.JwtBundleRefreshInterval}).");
        }
        else if (spiffe.JwtBundles.Count > 0 && spiffe.JwtBundleRefreshInterval >= options.KeyMaxStaleness)
        {
            errors.Add($"{S}:JwtBundleRefreshInterval ({spiffe.JwtBundleRefreshInterval}) must be shorter than {ServiceAuthOptions.SectionName}:KeyMaxStaleness ({options.KeyMaxStaleness}): bundles would be dropped before their refresh.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
