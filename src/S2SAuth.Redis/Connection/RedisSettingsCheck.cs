using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace S2SAuth.Redis.Connection;

/// <summary>The start-up check of a store's Redis settings; messages name the key and never echo the configuration (it may hold a password).</summary>
internal static class RedisSettingsCheck
{
    public static List<string> Errors(string section, string? configuration, string? keyPrefix, IServiceProviderIsService registered)
    {
        var errors = new List<string>();
        if (configuration is null)
        {
            if (!registered.IsService(typeof(IConnectionMultiplexer)))
            {
                errors.Add($"{section}:Configuration is required (a StackExchange.Redis configuration string such as 'redis:6379'), or register an IConnectionMultiplexer in the container.");
            }
        }
        else
        {
            try
            {
                if (ConfigurationOptions.Parse(configuration).EndPoints.Count == 0)
                {
                    errors.Add($"{section}:Configuration names no Redis endpoint: give at least one host:port.");
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
            {
                errors.Add($"{section}:Configuration is not a valid StackExchange.Redis configuration string ({e.GetType().Name}).");
            }
        }

        if (string.IsNullOrEmpty(keyPrefix) || keyPrefix.Length > 128)
        {
            errors.Add($"{section}:KeyPrefix must be 1-128 characters (it is {keyPrefix?.Length ?? 0}).");
        }

        return errors;
    }
}
