using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S2SAuth.Redis.Connection;

namespace S2SAuth.Redis.Replay;

/// <summary>Checks <see cref="RedisReplayOptions"/> at start-up; messages name the key and never echo the configuration (it may hold a password).</summary>
internal sealed class RedisReplayOptionsValidator : IValidateOptions<RedisReplayOptions>
{
    private readonly IServiceProviderIsService _registered;

    public RedisReplayOptionsValidator(IServiceProviderIsService registered) => _registered = registered;

    public ValidateOptionsResult Validate(string? name, RedisReplayOptions options)
    {
        var errors = RedisSettingsCheck.Errors(RedisReplayOptions.SectionName, options.Configuration, options.KeyPrefix, _registered);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
