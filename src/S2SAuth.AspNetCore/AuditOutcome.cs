namespace S2SAuth;

/// <summary>The outcome of an authorization decision.</summary>
public enum AuditOutcome
{
    /// <summary>The request may proceed to the endpoint.</summary>
    Allowed,

    /// <summary>The request was refused with <see cref="AuthorizationAuditEvent.ReasonCode"/>.</summary>
    Denied,

    /// <summary>
    /// A webhook delivery of an event already processed: answered 200 (<c>webhook_duplicate</c>) and not delivered to
    /// the endpoint again.
    /// </summary>
    Duplicate,
}
