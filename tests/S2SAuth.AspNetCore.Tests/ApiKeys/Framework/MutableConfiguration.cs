using Microsoft.Extensions.Configuration;

namespace S2SAuth.AspNetCore.Tests.ApiKeys.Framework;

/// <summary>A configuration source whose whole content a test replaces, raising the reload token like a changed settings file.</summary>
public sealed class MutableConfiguration : ConfigurationProvider, IConfigurationSource
{
    public MutableConfiguration(IDictionary<string, string?> initial) => Data = new Dictionary<string, string?>(initial, StringComparer.OrdinalIgnoreCase);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    /// <summary>Replaces every setting and signals a reload.</summary>
    public void Replace(IDictionary<string, string?> settings)
    {
        Data = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);
        OnReload();
    }
}
