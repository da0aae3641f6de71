using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace S2SAuth.Redis.Replay;

/// <summary>Checks <see cref="RedisReplayOptions"/> at start-up; messages name the key and never echo the configuration (it may hold a password).</summary>
internal sealed class RedisReplayOptionsValidator : IValidateOptions<RedisReplayOptions>
{
    private const string S = RedisReplayOptions.SectionName;
    private readonly IServiceProviderIsService _registered;

    public RedisReplayOptionsValidator(IServiceProviderIsService registered) => _registered = registered;

    public ValidateOptionsResult Validate(string? name, RedisReplayOptions options)
    {
        var errors = new List<string>();
        if (options.Configuration is null)
        {
            if (!_registered.IsService(typeof(IConnectionMultiplexer)))
            {
                errors.Add($"{S}:Configuration is required (a StackExchange.Redis configuration string such as 'redis:6379'), or register an IConnectionMultiplexer in the container.");
            }
        }
        else
        {
            try
            {
                if (ConfigurationOptions.Parse(options.Configuration).EndPoints.Count == 0)
                {
                    errors.Add($"{S}:Configuration names no Redis endpoint: give at least one host:port.");
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
            {
                errors.Add($"{S}:Configuration is not a valid StackExchange.Redis configuration string ({e.GetType().Name}).");
            }
        }

        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.Length > 128)
        {
            errors.Add($"{S}:KeyPrefix must be 1-128 characters (it is {options.KeyPrefix?.Length ?? 0}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
