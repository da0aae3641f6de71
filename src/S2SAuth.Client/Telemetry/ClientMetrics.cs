using System.Diagnostics.Metrics;

namespace S2SAuth.Client.Telemetry;

/// <summary>
/// Counters of the outgoing side on the <c>S2SAuth</c> meter. Tags are outcomes, reason codes and client names:
/// never a token.
/// </summary>
internal sealed class ClientMetrics
{
    public const string MeterName = "S2SAuth";
    public const string TokenRequests = "s2sauth.client.token.requests";
    public const string CallRefusals = "s2sauth.client.call.refusals";
    public const string TokenRejections = "s2sauth.client.token.rejections";
    public const string TokenExchanges = "s2sauth.client.token_exchange.requests";
    public const string ExchangeCacheLookups = "s2sauth.client.token_exchange.cache_lookups";

    private static readonly KeyValuePair<string, object?> HitTag = new("s2sauth.cache.hit", true); // boxed once, not per lookup
    private static readonly KeyValuePair<string, object?> MissTag = new("s2sauth.cache.hit", false);
    private readonly Counter<long> _tokenRequests;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _exchanges;
    private readonly Counter<long> _exchangeLookups;

    public ClientMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _tokenRequests = meter.CreateCounter<long>(TokenRequests, "{request}", "Service token requests made to the issuer, by outcome.");
        _refusals = meter.CreateCounter<long>(CallRefusals, "{call}", "Outgoing calls refused before they were sent, by reason.");
        _rejections = meter.CreateCounter<long>(TokenRejections, "{response}", "Downstream 401 invalid_token answers to a service token, by whether the call was retried.");
        _exchanges = meter.CreateCounter<long>(TokenExchanges, "{request}", "RFC 8693 token exchanges asked of the issuer, by outcome.");
        _exchangeLookups = meter.CreateCounter<long>(ExchangeCacheLookups, "{lookup}", "Exchanged-token cache lookups of user-scoped calls, by hit or miss.");
    }

    /// <summary>One token request to the issuer: <paramref name="failure"/> is <see langword="null"/> when it gave a token.</summary>
    public void TokenRequested(ServiceTokenFailureReason? failure) =>
        _tokenRequests.Add(1, new KeyValuePair<string, object?>("s2sauth.outcome", failure is null ? "success" : "failure"),
            new KeyValuePair<string, object?>("s2sauth.reason", failure is { } reason ? ReasonCode(reason) : "none"));

    /// <summary>One token exchange asked of the issuer: <paramref name="failure"/> is <see langword="null"/> when it gave a token.</summary>
    public void TokenExchanged(ServiceTokenFailureReason? failure) =>
        _exchanges.Add(1, new KeyValuePair<string, object?>("s2sauth.outcome", failure is null ? "success" : "failure"),
            new KeyValuePair<string, object?>("s2sauth.reason", failure is { } reason ? ReasonCode(reason) : "none"));

    public void ExchangeCacheLookup(bool hit) => _exchangeLookups.Add(1, hit ? HitTag : MissTag);

    public void CallRefused(string clientName, string reason) =>
        _refusals.Add(1, new KeyValuePair<string, object?>("s2sauth.client", clientName), new KeyValuePair<string, object?>("s2sauth.reason", reason));

    public void TokenRejected(string clientName, bool retried) =>
        _rejections.Add(1, new KeyValuePair<string, object?>("s2sauth.client", clientName), new KeyValuePair<string, object?>("s2sauth.retried", retried));

    public static string ReasonCode(ServiceTokenFailureReason reason) => reason switch
    {
        ServiceTokenFailureReason.NotConfigured => "not_configured",
        ServiceTokenFailureReason.DiscoveryFailed => "discovery_failed",
        ServiceTokenFailureReason.IssuerUnavailable => "issuer_unavailable",
        ServiceTokenFailureReason.Rejected => "rejected",
        ServiceTokenFailureReason.Redirected => "redirected",
        _ => "invalid_response",
    };

    public static string ReasonCode(OutgoingCallRefusalReason reason) => reason switch
    {
        OutgoingCallRefusalReason.HostNotAllowed => "host_not_allowed",
        OutgoingCallRefusalReason.RedirectToDisallowedHost => "redirect_to_disallowed_host",
        OutgoingCallRefusalReason.RequestBodyTooLarge => "request_body_too_large",
        OutgoingCallRefusalReason.RequestNotSignable => "request_not_signable",
        OutgoingCallRefusalReason.UserTokenExchangeFailed => "user_token_exchange_failed",
        OutgoingCallRefusalReason.UserTokenExchangeNotNarrower => "user_token_exchange_not_narrower",
        _ => "user_token_missing",
    };
}
