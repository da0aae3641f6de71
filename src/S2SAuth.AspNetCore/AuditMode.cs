namespace S2SAuth;

/// <summary>Where audit events are written: off the request path (the default) or on it.</summary>
public enum AuditMode
{
    /// <summary>
    /// The request thread hands the event to a bounded in-memory queue; a background writer writes the queued events in
    /// batches to the sink. The default.
    /// </summary>
    Background = 0,

    /// <summary>The request thread writes the event to the sink itself before the request goes on (the path before issue 19).</summary>
    Synchronous = 1,
}
