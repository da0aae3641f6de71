using Microsoft.AspNetCore.Builder;

namespace Demo.Infrastructure;

/// <summary>How <see cref="DemoSystem.StartAsync"/> starts the issuer and the services.</summary>
public sealed class DemoSystemOptions
{
    /// <summary>Extra issuer settings, above the demo seed (e.g. another service account for a test).</summary>
    public IEnumerable<KeyValuePair<string, string?>> IssuerSettings { get; set; } = [];

    /// <summary>
    /// Called for each host ("issuer", "pricing", "billing", "orders") after its log providers were cleared: add a console
    /// logger, a log capture, a <c>TimeProvider</c>...
    /// </summary>
    public Action<string, WebApplicationBuilder>? ConfigureHost { get; set; }
}
