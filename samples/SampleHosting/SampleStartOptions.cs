using Microsoft.AspNetCore.Builder;

namespace SampleHosting;

/// <summary>How a sample service is started in-process (tests, the demo).</summary>
public sealed class SampleStartOptions
{
    /// <summary>The service's whole configuration (<c>ServiceAuth:Authority</c>, <c>Services:Pricing</c>...): nothing else is read.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings { get; set; } = [];

    /// <summary>Loopback port; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The host environment.</summary>
    public string EnvironmentName { get; set; } = "Production";

    /// <summary>Runs before the service's own registrations (logging providers, an <c>IAuditSink</c>...).</summary>
    public Action<WebApplicationBuilder>? Configure { get; set; }
}
