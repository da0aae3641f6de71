using Microsoft.Extensions.Logging;
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

    public OutgoingCallHandler(ClientCallPolicy policy, IOutgoingCallContext context, ILogger logger)
    {
        _policy = policy;
        _context = context;
        _redirects = new RedirectFollower(policy, logger);
    }

    /// <summary>Redirects this handler follows; 0 when the primary handler was configured not to follow them.</summary>
    internal int MaxRedirects { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.Contains(OutgoingHeaders.CorrelationId))
        {
            var id = _context.CorrelationId;
            request.Headers.TryAddWithoutValidation(OutgoingHeaders.CorrelationId, CallIds.IsValid(id) ? id : CallIds.NewId());
        }

        var state = _policy.Decide(request);

        if (RetryRules.NeedsIdempotencyKey(request.Method) && !request.Headers.Contains(OutgoingHeaders.IdempotencyKey))
        {
            request.Headers.TryAddWithoutValidation(OutgoingHeaders.IdempotencyKey, CallIds.NewId());
        }

        request.Options.Set(CallOptionKeys.State, state);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return MaxRedirects > 0 ? await _redirects.FollowAsync(request, response, MaxRedirects, SendNextAsync, cancellationToken).ConfigureAwait(false) : response;
    }

    /// <summary>Synchronous sends would bypass the token logic; they are refused rather than sent unauthenticated.</summary>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("HttpClients with AddServiceTokenHandler support asynchronous sends only: use SendAsync.");

    private Task<HttpResponseMessage> SendNextAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
