namespace S2SAuth;

/// <summary>
/// Receives exactly one <see cref="AuthorizationAuditEvent"/> per <c>RequireActivity</c> decision, allowed or denied (and
/// per webhook delivery). The default writes a structured log event (category <c>S2SAuth.Audit</c>, event id 3001); the
/// built-in JSON-lines sinks are chosen with <c>ServiceAuth:Audit:Sink</c>; register your own singleton to send events
/// elsewhere. Events never hold a token. A sink that throws is logged and counted (<c>s2sauth.audit.dropped</c>) and
/// does not change the decision.
/// </summary>
/// <remarks>
/// In the default <see cref="AuditMode.Background"/> mode the sink is called on S2SAuth's background audit writer, one
/// event after another, in the order the events were queued, with <see cref="CancellationToken.None"/> (or, at
/// shutdown, a token cancelled after <see cref="AuditOptions.ShutdownFlushTimeout"/>); the sink is resolved once, from a
/// scope that lives as long as the writer. It may also be called on a request thread at the same time (a full queue
/// with <see cref="AuditOverflowPolicy.WriteSynchronously"/>, or during shutdown), so it must be thread-safe. In
/// <see cref="AuditMode.Synchronous"/> mode it is called on the request thread, from the request's services, with the
/// request's cancellation token.
/// </remarks>
public interface IAuditSink
{
    /// <summary>
    /// Records one decision. In background mode a slow sink delays only the writer (and fills the queue); in synchronous
    /// mode it delays the request.
    /// </summary>
    ValueTask WriteAsync(AuthorizationAuditEvent auditEvent, CancellationToken cancellationToken);
}
