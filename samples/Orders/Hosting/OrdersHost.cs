using SampleHosting;

namespace Orders.Hosting;

/// <summary>Starts Orders in-process on a free loopback port (the demo, the end-to-end tests).</summary>
public static class OrdersHost
{
    /// <summary>
    /// Needs <c>ServiceAuth:Authority</c>, <c>ServiceAuth:Audience</c> (<c>orders-service</c>), <c>ServiceAuth:ClientId</c>
    /// and <c>ServiceAuth:ClientSecret</c> (<c>orders-service</c>), <c>Services:Pricing</c> and <c>Services:Billing</c>.
    /// </summary>
    public static Task<RunningService> StartAsync(SampleStartOptions options, CancellationToken cancellationToken = default) =>
        SampleHost.StartAsync(Program.Build, options, cancellationToken);
}
