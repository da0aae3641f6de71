using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace S2SAuth.Benchmarks.Framework;

/// <summary>
/// The runtime's own allocation sampling (GCAllocationTick: one event per ~100 KB allocated, naming the type of the
/// object that crossed the mark), listened to in process: which types the allocations of a step are made of.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start()
    {
        _bytesByType.Clear();
        _recording = true;
    }

    public IReadOnlyList<(string Type, long Bytes)> Stop()
    {
        _recording = false;
        return [.. _bytesByType.OrderByDescending(kv => kv.Value).Select(kv => (kv.Key, kv.Value))];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || !(eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) ?? false) || eventData.Payload is null)
        {
            return;
        }

        var index = eventData.PayloadNames!.IndexOf("TypeName");
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (index >= 0 && eventData.Payload[index] is string type)
        {
            var bytes = amount >= 0 && eventData.Payload[amount] is ulong a ? (long)a : 100_000;
            _bytesByType.AddOrUpdate(type, bytes, (_, total) => total + bytes);
        }
    }
}
