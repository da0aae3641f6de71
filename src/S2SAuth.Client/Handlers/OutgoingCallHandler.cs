using Microsoft.Extensions.Logging;
using S2SAuth.Client.Exchange;
using S2SAuth.Client.Http;
using S2SAuth.Client.Resilience;

namespace S2SAuth.Client.Handlers;

/// <summary>
/// The outer handler: sees the logical call once, before any retry. Refuses hosts that may not get the token
/// and user-scoped calls without a user, adds <c>X-Correlation-Id</c> and a stable <c>Idempotency-Key</c>,
/// and follows redirects itself (only to allowed hosts) when it took them over from the primary handler.
/// </summary>
internal sealed class OutgoingCallHandler : DelegatingHandler
{
    private readonly ClientCallPolicy _policy;
    private readonly IOutgoingCallContext _context;
    private readonly RedirectFollower _redirects;
    private readonly ExchangedTokenCache? _exchanges;

    public OutgoingCallHandler(ClientCallPolicy policy, IOutgoingCallContext context, ILogger logger, ExchangedTokenCache? exchanges = null)
    {
        _policy = policy;
        _context = context;
        _redirects = new RedirectFollower(policy, logger);
        _exchanges = exchanges;
    }

    /// <summary>Redirects this handler follows; 0 when the primary handler was configured not to follow them.</summary>
    internal int MaxRedirects { get; set; }

    /// <remarks>
    /// Not an async method: a call whose exchanged token (if any) is cached goes straight to the next handler, without a
    /// state machine and a task of its own (measured in ClientHandlerBenchmarks). Failures still come back in the task.
    /// </remarks>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            if (!request.Headers.Contains(OutgoingHeaders.CorrelationId))
            {
                var id = _context.CorrelationId;
                request.Headers.TryAddWithoutValidation(OutgoingHeaders.CorrelationId, CallIds.IsValid(id) ? id : CallIds.NewId());
            }

            var state = _policy.Decide(request);
            if (state.UserScoped && _exchanges is not null && _policy.ExchangeKeyParts is { } parts)
            {
                // A cache hit completes synchronously: no await, no allocation beyond the call's new state.
                var pending = _exchanges.GetAsync(new ExchangeKey(state.UserToken!, parts.Audience, parts.Scope), _policy.ExchangeScopes, cancellationToken);
                if (!pending.IsCompletedSuccessfully)
                {
                    return ExchangeThenSendAsync(request, state, parts, pending, cancellationToken);
                }

                state = Exchanged(request, state, parts, pending.Result);
            }

            return Dispatch(request, state, cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException<HttpResponseMessage>(e);
        }
    }

    /// <summary>Synchronous sends would bypass the token logic; they are refused rather than sent unauthenticated.</summary>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("HttpClients with AddServiceTokenHandler support asynchronous sends only: use SendAsync.");

    /// <summary>
    /// The logical call's state with the exchanged user token (exchanged once, before any attempt: retries reuse it), or
    /// the refusal to throw. Never the user's own token instead.
    /// </summary>
    private CallState Exchanged(HttpRequestMessage request, CallState state, (string Audience, string? Scope) parts, ExchangeAnswer answer)
    {
        if (answer.Token is { } token)
        {
            return new CallState(userScoped: true, token.Value, state.RetryWithIdempotencyKey);
        }

        var message = answer.Refusal == OutgoingCallRefusalReason.UserTokenExchangeNotNarrower
            ? $"HttpClient '{_policy.ClientName}' exchanges the user token for audience '{parts.Audience}' with scopes '{parts.Scope}', and the user token does not hold them all: an exchange must narrow. The issuer was not asked and the call was not sent."
            : $"HttpClient '{_policy.ClientName}' could not exchange the user token for audience '{parts.Audience}' ({answer.Error}); the call was not sent, and the user token was not forwarded instead.";
        throw _policy.Refuse(request, answer.Refusal, request.RequestUri, message);
    }

    private async Task<HttpResponseMessage> ExchangeThenSendAsync(HttpRequestMessage request, CallState state, (string Audience, string? Scope) parts,
        ValueTask<ExchangeAnswer> pending, CancellationToken cancellationToken)
    {
        var answer = await pending.ConfigureAwait(false);
        return await Dispatch(request, Exchanged(request, state, parts, answer), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the idempotency key, hands the call's state to the per-attempt handler and sends.</summary>
    private Task<HttpResponseMessage> Dispatch(HttpRequestMessage request, CallState state, CancellationToken cancellationToken)
    {
        if (RetryRules.NeedsIdempotencyKey(request.Method) && !GrpcCalls.IsGrpc(request) && !request.Headers.Contains(OutgoingHeaders.IdempotencyKey))
        {
            request.Headers.TryAddWithoutValidation(OutgoingHeaders.IdempotencyKey, CallIds.NewId());
        }

        request.Options.Set(CallOptionKeys.State, state);
        return MaxRedirects > 0 ? SendFollowingRedirectsAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await _redirects.FollowAsync(request, response, MaxRedirects, SendNextAsync, cancellationToken).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> SendNextAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
