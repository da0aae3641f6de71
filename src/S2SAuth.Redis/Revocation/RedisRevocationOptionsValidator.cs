using Microsoft.Extensions.Options;

namespace S2SAuth.Redis.Revocation;

/// <summary>Checks <see cref="RedisRevocationOptions"/> at start-up; each message names the key and says what to do.</summary>
internal sealed class RedisRevocationOptionsValidator(IOptions<RevocationOptions> revocation) : IValidateOptions<RedisRevocationOptions>
{
    private const string S = RedisRevocationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RedisRevocationOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            errors.Add($"{S}:Configuration is required: the StackExchange.Redis configuration string (e.g. 'redis:6379'); set it with the environment variable ServiceAuth__Revocation__Redis__Configuration.");
        }
        else
        {
            try
            {
                _ = StackExchange.Redis.ConfigurationOptions.Parse(options.Configuration);
            }
            catch (ArgumentException)
            {
                errors.Add($"{S}:Configuration is not a valid StackExchange.Redis configuration string.");
            }
        }

        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.Length > 128)
        {
            errors.Add($"{S}:KeyPrefix must be 1-128 characters (default 's2sauth:revocation:').");
        }

        var maxStaleness = revocation.Value.MaxStaleness;
        if (options.PollInterval < TimeSpan.FromMilliseconds(50) || options.PollInterval > maxStaleness / 2)
        {
            errors.Add($"{S}:PollInterval must be between 00:00:00.050 and half of {RevocationOptions.SectionName}:MaxStaleness ({maxStaleness / 2}); it is {options.PollInterval}.");
        }

        if (options.StartupTimeout < TimeSpan.Zero || options.StartupTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{S}:StartupTimeout must be between 00:00:00 and 00:05:00 (it is {options.StartupTimeout}).");
        }

        if (options.StreamMaxLength is < 100 or > 10_000_000)
        {
            errors.Add($"{S}:StreamMaxLength must be between 100 and 10000000 (it is {options.StreamMaxLength}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
