using System.Diagnostics.Metrics;

namespace S2SAuth.Telemetry;

/// <summary>
/// The <c>S2SAuth</c> meter's replay counters: webhook deliveries the replay store found already seen (by provider),
/// and signed requests whose nonce was already used (by key id). Both tags are configured names, never caller text.
/// </summary>
internal sealed class ReplayMetrics
{
    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _signedRequests;

    public ReplayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceAuthTelemetry.MeterName);
        _webhooks = meter.CreateCounter<long>(ServiceAuthTelemetry.WebhookReplays, "{delivery}",
            "Webhook deliveries already seen (answered 200 duplicate, not delivered again), by provider.");
        _signedRequests = meter.CreateCounter<long>(ServiceAuthTelemetry.SignedRequestReplays, "{request}",
            "Signed requests refused because their nonce was already used, by key id.");
    }

    /// <summary>A replayed delivery of the configured provider <paramref name="provider"/>.</summary>
    public void WebhookReplayed(string provider) =>
        _webhooks.Add(1, new KeyValuePair<string, object?>(ServiceAuthTelemetry.WebhookProviderTag, provider));

    /// <summary>A replayed signed request under the configured key <paramref name="keyId"/>.</summary>
    public void SignedRequestReplayed(string keyId) =>
        _signedRequests.Add(1, new KeyValuePair<string, object?>(ServiceAuthTelemetry.SignedRequestKeyIdTag, keyId));
}
