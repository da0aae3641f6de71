using System.Collections.Concurrent;

namespace Billing.Payments;

/// <summary>The payment events Billing processed, by event id, with how many times each was processed (always once).</summary>
public sealed class PaymentEvents
{
    private readonly ConcurrentDictionary<string, int> _processed = new(StringComparer.Ordinal);

    public int TimesProcessed(string eventId) => _processed.GetValueOrDefault(eventId);

    public int Record(string eventId) => _processed.AddOrUpdate(eventId, 1, static (_, n) => n + 1);
}
