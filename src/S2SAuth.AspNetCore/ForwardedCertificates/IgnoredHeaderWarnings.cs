namespace S2SAuth.ForwardedCertificates;

/// <summary>
/// Rate-limits the warning for forwarded headers from untrusted sources: at most one line per <see cref="Interval"/>,
/// the next line counting those left out, so a flood of forged headers cannot flood the log.
/// </summary>
internal sealed class IgnoredHeaderWarnings(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private long _lastLogged = long.MinValue;
    private long _suppressed;

    /// <summary>Whether to log now; if so, <paramref name="suppressed"/> is how many were left out since the last line.</summary>
    public bool TryLog(out long suppressed)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (_lastLogged != long.MinValue && time.GetElapsedTime(_lastLogged, now) < Interval)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }

            _lastLogged = now;
            suppressed = _suppressed;
            _suppressed = 0;
            return true;
        }
    }
}
