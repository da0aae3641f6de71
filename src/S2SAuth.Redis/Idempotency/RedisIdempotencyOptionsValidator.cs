using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S2SAuth.Redis.Connection;

namespace S2SAuth.Redis.Idempotency;

/// <summary>Checks <see cref="RedisIdempotencyOptions"/> at start-up; messages name the key and never echo the configuration (it may hold a password).</summary>
internal sealed class RedisIdempotencyOptionsValidator : IValidateOptions<RedisIdempotencyOptions>
{
    private readonly IServiceProviderIsService _registered;

    public RedisIdempotencyOptionsValidator(IServiceProviderIsService registered) => _registered = registered;

    public ValidateOptionsResult Validate(string? name, RedisIdempotencyOptions options)
    {
        var errors = RedisSettingsCheck.Errors(RedisIdempotencyOptions.SectionName, options.Configuration, options.KeyPrefix, _registered);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
