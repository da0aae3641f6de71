namespace S2SAuth;

/// <summary>
/// What a request does when the background audit queue is full (the sink is slower than the traffic, or stuck). Every
/// event that is not written is counted (<c>s2sauth.audit.dropped</c>) and reported in a warning; none is lost silently.
/// </summary>
public enum AuditOverflowPolicy
{
    /// <summary>
    /// The request waits for room in the queue for at most <see cref="AuditOptions.MaxQueueWait"/>, then goes on and its
    /// event is dropped (counted and warned). Back-pressure for a sink that is briefly slow, a bound for one that is stuck.
    /// The default.
    /// </summary>
    Wait = 0,

    /// <summary>The event is dropped at once (counted and warned); the request never waits.</summary>
    DropNewest = 1,

    /// <summary>
    /// The request writes its event to the sink itself, as in <see cref="AuditMode.Synchronous"/>: nothing is dropped,
    /// but a stuck sink holds the request for as long as it is stuck.
    /// </summary>
    WriteSynchronously = 2,
}
