using Microsoft.Extensions.Configuration;

namespace SampleHosting;

/// <summary>Settings a sample cannot start without.</summary>
public static class ConfigurationExtensions
{
    /// <summary>The absolute URL at <paramref name="key"/>, or a start-up error naming the key.</summary>
    public static Uri GetRequiredUri(this IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Uri.TryCreate(configuration[key], UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"{key} must be an absolute URL (e.g. http://127.0.0.1:5102).");
    }
}
