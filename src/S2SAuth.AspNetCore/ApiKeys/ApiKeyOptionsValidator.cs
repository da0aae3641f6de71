using Microsoft.Extensions.Options;

namespace S2SAuth.ApiKeys;

/// <summary>
/// Checks <see cref="ApiKeyOptions"/> at start-up and on every configuration reload: well-formed ids and hashes, key ids
/// unique across clients, at most two active (unexpired) keys per client. Messages name keys and key ids, never a hash or a key.
/// </summary>
internal sealed class ApiKeyOptionsValidator(TimeProvider time) : IValidateOptions<ApiKeyOptions>
{
    /// <summary>Active keys per client: the old and the new key of a rotation.</summary>
    public const int MaxActiveKeys = 2;

    private const string S = ApiKeyOptions.SectionName;
    private static readonly string[] ReservedHeaders = ["Authorization", "X-Service-Token", "Cookie"];

    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.Header) || options.Header.Length > 64 || !options.Header.All(IsTokenChar))
        {
            errors.Add($"{S}:Header must be an HTTP header name (letters, digits, '-', at most 64 characters); default {ApiKeyOptions.DefaultHeader}.");
        }
        else if (ReservedHeaders.Contains(options.Header, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{S}:Header must not be {options.Header}: S2SAuth reads that header for other credentials.");
        }

        var now = time.GetUtcNow();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (client, settings) in options.Clients)
        {
            var c = $"{S}:Clients:{client}";
            if (settings is null)
            {
                errors.Add($"{c} is empty: give it a ServiceId, Scopes and Keys.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(settings.ServiceId) || settings.ServiceId.Length > 256 || settings.ServiceId.Any(char.IsControl))
            {
                errors.Add($"{c}:ServiceId is required (1-256 characters): the service id the client's keys prove.");
            }

            foreach (var scope in settings.Scopes)
            {
                if (string.IsNullOrEmpty(scope) || scope.Length > 256 || scope.Any(static ch => char.IsWhiteSpace(ch) || char.IsControl(ch)))
                {
                    errors.Add($"{c}:Scopes must list scopes of 1-256 characters without spaces.");
                    break;
                }
            }

            if (settings.Tenant is not null && (settings.Tenant.Length is 0 or > 256 || settings.Tenant.Any(char.IsControl)))
            {
                errors.Add($"{c}:Tenant must be 1-256 characters when set.");
            }

            var active = new List<string>();
            for (var i = 0; i < settings.Keys.Count; i++)
            {
                var key = settings.Keys[i];
                var k = $"{c}:Keys:{i}";
                if (key?.Id is not { } id || !ApiKeyFormat.IsValidId(id))
                {
                    errors.Add($"{k}:Id must be {ApiKeyFormat.MinIdLength}-{ApiKeyFormat.MaxIdLength} characters of a-z, 0-9 and '-' (the part of the key between 's2s_' and the secret).");
                    continue;
                }

                if (owners.TryGetValue(id, out var other))
                {
                    errors.Add($"{k}:Id '{id}' is used twice (also by client '{other}'): key ids must be unique across clients, and never reused.");
                }
                else
                {
                    owners.Add(id, client);
                }

                if (ApiKeyHash.Parse(key.Hash) is null)
                {
                    errors.Add(key.Hash?.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal) == true
                        ? $"{k}:Hash (key '{id}') holds what looks like the key itself: store only 'sha256:' and its hash, and treat that key as leaked (make a new one)."
                        : $"{k}:Hash (key '{id}') must be 'sha256:' followed by the SHA-256 of the whole key, as 64 hex digits or base64 (see docs/api-keys.md).");
                }

                if (key.NotBefore is { } notBefore && key.ExpiresAt is { } expiresAt && notBefore >= expiresAt)
                {
                    errors.Add($"{k} (key '{id}'): NotBefore must be earlier than ExpiresAt.");
                }

                if (key.ExpiresAt is not { } expiry || expiry > now)
                {
                    active.Add(id);
                }
            }

            if (active.Count > MaxActiveKeys)
            {
                errors.Add($"{c} has {active.Count} active (unexpired) keys ({string.Join(", ", active)}); at most {MaxActiveKeys} are allowed, the old and the new key of a rotation: remove the retired key (or give it a past ExpiresAt).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsTokenChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_';
}
