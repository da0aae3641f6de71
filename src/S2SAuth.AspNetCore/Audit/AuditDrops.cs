using Microsoft.Extensions.Logging;
using S2SAuth.Logging;
using S2SAuth.Telemetry;

namespace S2SAuth.Audit;

/// <summary>
/// Counts audit events that were not written (the <c>s2sauth.audit.dropped</c> counter) and warns about them: the first
/// drop at once, later ones summed into the next warning, at most one warning per <see cref="WarningInterval"/>.
/// </summary>
internal sealed class AuditDrops
{
    public static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    private readonly AuditMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _intervalTicks;
    private long _unreported;
    private long _nextWarning = long.MinValue;
    private string _lastReason = string.Empty;

    public AuditDrops(AuditMetrics metrics, TimeProvider time, ILogger<AuditDrops> logger)
    {
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _intervalTicks = (long)(WarningInterval.TotalSeconds * time.TimestampFrequency);
    }

    public void Add(int count, string reason)
    {
        _metrics.Dropped(count, reason);
        Volatile.Write(ref _lastReason, reason);
        Interlocked.Add(ref _unreported, count);
        ReportIfDue();
    }

    /// <summary>Warns about the drops not yet reported, unless a warning was written less than an interval ago.</summary>
    public void ReportIfDue()
    {
        if (Interlocked.Read(ref _unreported) == 0)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var next = Interlocked.Read(ref _nextWarning);
        if (now < next || Interlocked.CompareExchange(ref _nextWarning, now + _intervalTicks, next) != next)
        {
            return;
        }

        Report();
    }

    /// <summary>Warns about the drops not yet reported now (at shutdown).</summary>
    public void Report()
    {
        var count = Interlocked.Exchange(ref _unreported, 0);
        if (count > 0)
        {
            Log.AuditEventsDropped(_logger, count, Volatile.Read(ref _lastReason), WarningInterval);
        }
    }
}
