using SampleHosting;

namespace Pricing.Hosting;

/// <summary>Starts Pricing in-process on a free loopback port (the demo, the end-to-end tests).</summary>
public static class PricingHost
{
    /// <summary>
    /// Needs <c>ServiceAuth:Authority</c>, <c>ServiceAuth:Audience</c> (<c>pricing-service</c>) and, for a plain-HTTP
    /// loopback issuer, <c>ServiceAuth:RequireHttpsMetadata=false</c>.
    /// </summary>
    public static Task<RunningService> StartAsync(SampleStartOptions options, CancellationToken cancellationToken = default) =>
        SampleHost.StartAsync(Program.Build, options, cancellationToken);
}
