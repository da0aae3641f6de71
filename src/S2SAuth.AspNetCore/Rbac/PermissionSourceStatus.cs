namespace S2SAuth.Rbac;

/// <summary>
/// What the remote permission source's calls have shown so far, for its health check: whether the last call failed, how
/// many calls in a row failed, since when, and why (a stable reason, never a body or an exception message). Written
/// only by calls to the source (cache hits do not touch it); read by the health check, which never calls the source.
/// </summary>
internal sealed class PermissionSourceStatus
{
    private readonly object _gate = new();
    private Snapshot _current = new(null, 0, null, null);

    public Snapshot Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public void Succeeded(DateTimeOffset now)
    {
        lock (_gate)
        {
            _current = new Snapshot(now, 0, null, null);
        }
    }

    public void Failed(DateTimeOffset now, string reason)
    {
        lock (_gate)
        {
            _current = _current with
            {
                ConsecutiveFailures = _current.ConsecutiveFailures + 1,
                FailingSince = _current.FailingSince ?? now,
                LastError = reason,
            };
        }
    }

    /// <summary>The last success (null: none yet), the failures since, the first of them, and the last failure's reason.</summary>
    internal sealed record Snapshot(DateTimeOffset? LastSuccess, int ConsecutiveFailures, DateTimeOffset? FailingSince, string? LastError);
}
