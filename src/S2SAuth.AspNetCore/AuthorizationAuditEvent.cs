namespace S2SAuth;

/// <summary>One <c>RequireActivity</c> decision: who asked for what, where, and what was decided. Never a token.</summary>
public sealed class AuthorizationAuditEvent
{
    /// <summary>When the decision was made.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>
    /// The activity decided: the refused one when the service's scopes or the user's permissions refused it,
    /// otherwise the endpoint's innermost activity; <c>(none)</c> for the refusal of a tenant conflict on an endpoint
    /// without <c>RequireActivity</c>.
    /// </summary>
    public required string Activity { get; init; }

    /// <summary>Allowed or denied.</summary>
    public required AuditOutcome Outcome { get; init; }

    /// <summary>The stable error code of a denial (as in the response's <c>code</c>); <see langword="null"/> when allowed.</summary>
    public string? ReasonCode { get; init; }

    /// <summary>The HTTP status of a denial (401, 403 or 503); <see langword="null"/> when allowed.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The verified calling service, if any.</summary>
    public string? ServiceId { get; init; }

    /// <summary>Which credential proved the calling service, if any.</summary>
    public ServiceCredentialKind? ServiceCredential { get; init; }

    /// <summary>The verified user, if any.</summary>
    public string? UserId { get; init; }

    /// <summary>
    /// The services the user token was exchanged for (its RFC 8693 <c>act</c> chain, <see cref="UserIdentity.Actors"/>),
    /// most recent actor first; <see langword="null"/> when there is no user token or it has no chain.
    /// </summary>
    public IReadOnlyList<string>? Actors { get; init; }

    /// <summary>The tenant derived from the verified tokens, if any (none when the service and user tokens name different tenants).</summary>
    public string? TenantId { get; init; }

    /// <summary>
    /// The tenant the request named (route, query or body), if any. A value that is not a valid id is refused with
    /// <c>tenant_invalid</c> and kept here only escaped (at most 128 characters, non-printable ones as <c>\uXXXX</c>).
    /// </summary>
    public string? RequestedTenantId { get; init; }

    /// <summary>Whether the request acted in another tenant than the caller's, allowed by the privileged scope.</summary>
    public bool CrossTenant { get; init; }

    /// <summary>The workflow's correlation id.</summary>
    public required string CorrelationId { get; init; }

    /// <summary>The id of this attempt.</summary>
    public required string RequestId { get; init; }

    /// <summary>The endpoint: HTTP method and route template, e.g. <c>POST /orders/{id}:confirm</c>.</summary>
    public required string Endpoint { get; init; }

    /// <summary>
    /// On a webhook delivery's event (its <see cref="Activity"/> is <c>webhook:{provider}</c>): the provider's event id,
    /// escaped (at most 256 characters), or <see langword="null"/> when the delivery carried none. Never the signature,
    /// the secret or the body.
    /// </summary>
    public string? WebhookEventId { get; init; }
}
