using Microsoft.Extensions.Options;

namespace S2SAuth.Idempotency;

/// <summary>Checks <see cref="IdempotencyOptions"/> at start-up; each message names the key and what to do.</summary>
internal sealed class IdempotencyOptionsValidator : IValidateOptions<IdempotencyOptions>
{
    private const string S = IdempotencyOptions.SectionName;

    /// <summary>Headers never stored: credentials and cookies would be replayed to a later caller.</summary>
    private static readonly string[] Refused =
        ["Set-Cookie", "Cookie", "Authorization", "Proxy-Authorization", "WWW-Authenticate", "X-Service-Token", "X-User-Token", IdempotencyRequest.ReplayedHeader];

    public ValidateOptionsResult Validate(string? name, IdempotencyOptions options)
    {
        var errors = new List<string>();
        if (options.Lifetime < TimeSpan.FromMinutes(1) || options.Lifetime > TimeSpan.FromDays(7))
        {
            errors.Add($"{S}:Lifetime must be between 00:01:00 and 7.00:00:00 (it is {options.Lifetime}).");
        }

        if (options.InProgressLifetime < TimeSpan.FromSeconds(1) || options.InProgressLifetime > TimeSpan.FromHours(1) || options.InProgressLifetime > options.Lifetime)
        {
            errors.Add($"{S}:InProgressLifetime must be between 00:00:01 and 01:00:00 and at most {S}:Lifetime (it is {options.InProgressLifetime}); set it above your longest request.");
        }

        if (options.MaxResponseBytes is < 0 or > 16 * 1024 * 1024)
        {
            errors.Add($"{S}:MaxResponseBytes must be between 0 and 16777216 (it is {options.MaxResponseBytes}).");
        }

        if (options.StoreTimeout < TimeSpan.FromMilliseconds(10) || options.StoreTimeout > TimeSpan.FromSeconds(30))
        {
            errors.Add($"{S}:StoreTimeout must be between 00:00:00.010 and 00:00:30 (it is {options.StoreTimeout}).");
        }

        if (options.MemoryMaxEntries is < 1 or > 10_000_000)
        {
            errors.Add($"{S}:MemoryMaxEntries must be between 1 and 10000000 (it is {options.MemoryMaxEntries}).");
        }

        if (options.MemoryMaxBytes < 1024 * 1024 || options.MemoryMaxBytes > 64L * 1024 * 1024 * 1024)
        {
            errors.Add($"{S}:MemoryMaxBytes must be between 1048576 (1 MiB) and 68719476736 (64 GiB) (it is {options.MemoryMaxBytes}).");
        }

        foreach (var header in options.StoredHeaders)
        {
            if (string.IsNullOrWhiteSpace(header) || header.Any(c => c <= ' ' || c >= 127 || c == ':'))
            {
                errors.Add($"{S}:StoredHeaders holds '{header}', which is not a header name: remove it.");
            }
            else if (Refused.Contains(header, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{S}:StoredHeaders holds '{header}': cookies, credentials and {IdempotencyRequest.ReplayedHeader} are never stored and replayed; remove it.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
