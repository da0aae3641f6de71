using Microsoft.Extensions.Options;
using S2SAuth.Client.Signatures;

namespace S2SAuth.SignedRequests;

/// <summary>
/// Checks <see cref="SignedRequestOptions"/> at start-up: every key loads with its algorithm and names a service, the
/// time bounds and body bound are sane, the required components are ones S2SAuth can cover. Messages name the setting
/// and say what to do; they never hold key material.
/// </summary>
internal sealed class SignedRequestOptionsValidator : IValidateOptions<SignedRequestOptions>
{
    private const string S = SignedRequestOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SignedRequestOptions options)
    {
        var errors = new List<string>();
        foreach (var (keyId, key) in options.Keys)
        {
            if (keyId.Length is 0 or > 256 || !SignatureParameters.IsPrintable(keyId))
            {
                errors.Add($"{S}:Keys: a key id must be 1 to 256 printable ASCII characters.");
                continue;
            }

            if (key is null)
            {
                errors.Add($"{S}:Keys:{keyId} is empty.");
                continue;
            }

            using (var loaded = SignatureKeyLoader.TryLoad(keyId, key, out var error))
            {
                if (loaded is null)
                {
                    errors.Add($"{S}:Keys:{keyId} {error}");
                }
            }

            if (string.IsNullOrWhiteSpace(key.ServiceId))
            {
                errors.Add($"{S}:Keys:{keyId}:ServiceId must name the service the key proves.");
            }

            if (key.Scopes.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{S}:Keys:{keyId}:Scopes must not hold empty scopes.");
            }
        }

        if (options.MaxAge <= TimeSpan.Zero || options.MaxAge > TimeSpan.FromHours(1))
        {
            errors.Add($"{S}:MaxAge must be more than zero and at most 1 hour (it is {options.MaxAge}).");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{S}:ClockSkew must be between zero and 5 minutes (it is {options.ClockSkew}).");
        }

        if (options.MaxBodyBytes is < 0 or > 100 * 1024 * 1024)
        {
            errors.Add($"{S}:MaxBodyBytes must be between 0 and 104857600 (it is {options.MaxBodyBytes}).");
        }

        foreach (var component in options.RequiredComponents)
        {
            if (!SignedRequestPolicy.IsCoverable(component))
            {
                errors.Add($"{S}:RequiredComponents: '{component}' is not a component S2SAuth covers (@method, @authority, @scheme, @path, @query, @request-target, @target-uri, or a lowercase header name).");
            }
        }

        if (options.Label is { } label && !SignedRequestPolicy.IsLabel(label))
        {
            errors.Add($"{S}:Label must be a structured-field key (lowercase letters, digits, '_', '-', '.', '*'; starting with a letter or '*').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
