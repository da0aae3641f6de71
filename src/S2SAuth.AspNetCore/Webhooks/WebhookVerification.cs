namespace S2SAuth.Webhooks;

/// <summary>
/// The answer of a webhook signature check: either <see cref="Ok"/> with the event id and signed timestamp, or a
/// <see cref="FailureCode"/> from <see cref="AuthErrorCodes"/> and a short <see cref="Detail"/> that never holds a
/// secret or a signature.
/// </summary>
internal sealed record WebhookVerification
{
    private WebhookVerification(bool ok, string? eventId, bool eventIdIsSigned, DateTimeOffset? timestamp, string? failureCode, string? detail)
    {
        Ok = ok;
        EventId = eventId;
        EventIdIsSigned = eventIdIsSigned;
        Timestamp = timestamp;
        FailureCode = failureCode;
        Detail = detail;
    }

    /// <summary>Whether the signature holds (and the timestamp is within tolerance where the scheme has one).</summary>
    public bool Ok { get; }

    /// <summary>The provider's event (delivery) id from the headers, if the scheme carries one.</summary>
    public string? EventId { get; }

    /// <summary>
    /// Whether <see cref="EventId"/> is covered by the signature (Standard Webhooks). When it is not (GitHub's
    /// <c>X-GitHub-Delivery</c>, a generic id header) a replayer can change it, so deduplication must not rely on it alone.
    /// </summary>
    public bool EventIdIsSigned { get; }

    /// <summary>The signed timestamp, if the scheme has one.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>One of <see cref="AuthErrorCodes"/> when not <see cref="Ok"/>.</summary>
    public string? FailureCode { get; }

    /// <summary>A short reason for logs and problem details; never a secret, signature or body.</summary>
    public string? Detail { get; }

    /// <summary>A verified delivery.</summary>
    public static WebhookVerification Success(string? eventId, bool eventIdIsSigned, DateTimeOffset? timestamp) =>
        new(true, eventId, eventIdIsSigned, timestamp, null, null);

    /// <summary>A refused delivery.</summary>
    public static WebhookVerification Failure(string failureCode, string detail) =>
        new(false, null, false, null, failureCode, detail);
}
