using Microsoft.Extensions.Options;
using S2SAuth.Client.Http;

namespace S2SAuth.Introspection;

/// <summary>Checks <see cref="IntrospectionOptions"/> at start-up, with the client credentials it needs; each message names the key.</summary>
internal sealed class IntrospectionOptionsValidator : IValidateOptions<IntrospectionOptions>
{
    private const string S = IntrospectionOptions.SectionName;
    private readonly IOptions<ServiceAuthOptions> _serviceAuth;

    public IntrospectionOptionsValidator(IOptions<ServiceAuthOptions> serviceAuth) => _serviceAuth = serviceAuth;

    public ValidateOptionsResult Validate(string? name, IntrospectionOptions options)
    {
        var errors = new List<string>();
        var auth = _serviceAuth.Value;
        if (string.IsNullOrEmpty(options.ClientId ?? auth.ClientId) || string.IsNullOrEmpty(options.ClientSecret ?? auth.ClientSecret))
        {
            errors.Add($"{S}: introspection needs this service's own credentials: set {ServiceAuthOptions.SectionName}:ClientId and {ServiceAuthOptions.SectionName}:ClientSecret, or {S}:ClientId and {S}:ClientSecret (secrets from a secret store or the environment).");
        }

        if (options.Endpoint is { } endpoint
            && (!endpoint.IsAbsoluteUri || !UrlRules.IsAcceptable(endpoint, auth.RequireHttpsMetadata)))
        {
            errors.Add($"{S}:Endpoint must be an absolute https URL (http only on loopback with {ServiceAuthOptions.SectionName}:RequireHttpsMetadata=false), or unset to read introspection_endpoint from the discovery document.");
        }

        if (options.Endpoint is null && string.IsNullOrEmpty(auth.Authority) && string.IsNullOrEmpty(auth.MetadataAddress))
        {
            errors.Add($"{S}:Endpoint is required when {ServiceAuthOptions.SectionName}:Authority is not set (there is no discovery document to read it from).");
        }

        for (var i = 0; i < options.Activities.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Activities[i]))
            {
                errors.Add($"{S}:Activities:{i} is empty: list activity keys such as 'payment.capture'.");
            }
        }

        if (!options.CheckServiceToken && !options.CheckUserToken)
        {
            errors.Add($"{S}: CheckServiceToken and CheckUserToken are both false, so a live check would check nothing: set one of them to true.");
        }

        CheckRange(errors, "CacheDuration", options.CacheDuration, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        CheckRange(errors, "InactiveCacheDuration", options.InactiveCacheDuration, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        CheckRange(errors, "Timeout", options.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60));
        if (options.MaxCacheEntries is < 16 or > 1_000_000)
        {
            errors.Add($"{S}:MaxCacheEntries must be between 16 and 1000000 (it is {options.MaxCacheEntries}).");
        }

        if (options.MaxConcurrentReferenceCalls is < 1 or > 1024)
        {
            errors.Add($"{S}:MaxConcurrentReferenceCalls must be between 1 and 1024 (it is {options.MaxConcurrentReferenceCalls}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckRange(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{S}:{key} must be between {min} and {max} (it is {value}).");
        }
    }
}
