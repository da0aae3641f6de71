using Microsoft.Extensions.Options;

namespace S2SAuth.Authorization;

/// <summary>Checks <c>ServiceAuth:Authorization</c> at start-up; each message names the key.</summary>
internal sealed class ActivityAuthorizationOptionsValidator : IValidateOptions<ServiceAuthOptions>
{
    private const string Section = ServiceAuthOptions.SectionName + ":Authorization";

    public ValidateOptionsResult Validate(string? name, ServiceAuthOptions options)
    {
        var authorization = options.Authorization;
        if (authorization is null)
        {
            return ValidateOptionsResult.Fail($"{Section} must not be null.");
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(authorization.CrossTenantScope) || authorization.CrossTenantScope.Any(char.IsWhiteSpace))
        {
            errors.Add($"{Section}:CrossTenantScope must be one scope name without spaces (default '{ActivityAuthorizationOptions.DefaultCrossTenantScope}').");
        }

        if (authorization.MaxTenantBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"{Section}:MaxTenantBodyBytes must be between 1024 and 16777216 bytes (it is {authorization.MaxTenantBodyBytes}).");
        }

        CheckMap(errors, "ActivityScopes", authorization.ActivityScopes, "activity", "scope");
        CheckMap(errors, "RoleActivities", authorization.RoleActivities, "role", "activity");
        CheckMap(errors, "ActivityActors", authorization.ActivityActors, "activity", "service id");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckMap(List<string> errors, string key, IDictionary<string, IList<string>>? map, string keyKind, string valueKind)
    {
        if (map is null)
        {
            errors.Add($"{Section}:{key} must not be null.");
            return;
        }

        foreach (var (name, values) in map)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"{Section}:{key} has an empty {keyKind} name.");
            }
            else if (values is null || values.Count == 0 || values.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{Section}:{key}:{name} must list at least one {valueKind}, and no empty ones.");
            }
        }
    }
}
