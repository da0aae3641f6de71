using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using S2SAuth.Client.Http;
using S2SAuth.Client.Logging;
using S2SAuth.Client.Telemetry;
using S2SAuth.Client.Tokens;

namespace S2SAuth.Client.Handlers;

/// <summary>
/// The per-attempt handler, innermost of the chain: checks the host again, attaches <c>X-Service-Token</c>
/// (and the user token on user-scoped calls) and a new <c>X-Request-Id</c>, and on a downstream
/// <c>401 invalid_token</c> retries once with a refreshed token (a gRPC call is never re-sent: see
/// <see cref="RefreshAfterGrpcRejectionAsync"/>).
/// </summary>
internal sealed class ServiceTokenHandler : DelegatingHandler
{
    private readonly ClientCallPolicy _policy;
    private readonly TokenSlot _slot;
    private readonly ILogger _logger;
    private readonly ClientMetrics _metrics;

    public ServiceTokenHandler(ClientCallPolicy policy, TokenSlot slot, ILogger logger, ClientMetrics metrics)
    {
        _policy = policy;
        _slot = slot;
        _logger = logger;
        _metrics = metrics;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A caller's own X-User-Token never goes out on a service-only call; X-Service-Token is replaced in Attach.
        request.Headers.Remove(OutgoingHeaders.UserToken);
        var state = request.Options.TryGetValue(CallOptionKeys.State, out var decided) ? decided : _policy.Decide(request);
        if (!_policy.IsAllowed(request.RequestUri))
        {
            throw _policy.Refuse(request, OutgoingCallRefusalReason.HostNotAllowed, request.RequestUri);
        }

        CachedToken token;
        try
        {
            token = await _slot.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceTokenUnavailableException e)
        {
            Log.CallWithoutToken(_logger, _policy.ClientName, request.RequestUri!.Authority, e.Reason, ClientCallPolicy.CorrelationIdOf(request));
            throw;
        }

        Attach(request, token, state);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (GrpcCalls.IsGrpc(request))
        {
            await RefreshAfterGrpcRejectionAsync(request, response, token, cancellationToken).ConfigureAwait(false);
            return response;
        }

        if (response.StatusCode != HttpStatusCode.Unauthorized || !IsInvalidToken(response) || !state.TryUseTokenRetry())
        {
            return response;
        }

        var host = request.RequestUri!.Authority;
        var fresh = await _slot.RefreshAfterRejectionAsync(token, cancellationToken).ConfigureAwait(false);
        _metrics.TokenRejected(_policy.ClientName, retried: fresh is not null);
        var correlationId = ClientCallPolicy.CorrelationIdOf(request);
        if (fresh is null)
        {
            Log.TokenRejectedNotRetried(_logger, host, _policy.ClientName, correlationId);
            return response;
        }

        Log.TokenRejectedRetrying(_logger, host, _policy.ClientName, correlationId);
        response.Dispose();
        Attach(request, fresh, state);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A gRPC call is never sent again (its body is a message stream, written once); when the server refused its token
    /// as invalid, the slot is refreshed (at most once per <c>TokenForcedRefreshMinInterval</c>) so the next call carries
    /// a new token, and the caller gets the Unauthenticated status as it came.
    /// </summary>
    private async Task RefreshAfterGrpcRejectionAsync(HttpRequestMessage request, HttpResponseMessage response, CachedToken token, CancellationToken cancellationToken)
    {
        if (!GrpcCalls.IsUnauthenticated(response) || !IsInvalidToken(response))
        {
            return;
        }

        var fresh = await _slot.RefreshAfterRejectionAsync(token, cancellationToken).ConfigureAwait(false);
        _metrics.TokenRejected(_policy.ClientName, retried: false);
        var correlationId = ClientCallPolicy.CorrelationIdOf(request);
        Log.GrpcTokenRejected(_logger, request.RequestUri!.Authority, _policy.ClientName, fresh is not null, correlationId);
    }

    /// <summary>Synchronous sends would bypass the token logic; they are refused rather than sent unauthenticated.</summary>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("HttpClients with AddServiceTokenHandler support asynchronous sends only: use SendAsync.");

    private void Attach(HttpRequestMessage request, CachedToken token, CallState state)
    {
        var headers = request.Headers;
        headers.Remove(OutgoingHeaders.ServiceToken);
        headers.TryAddWithoutValidation(OutgoingHeaders.ServiceToken, token.Value);
        if (state.UserScoped)
        {
            if (_policy.UserTokenHeader == UserTokenHeader.XUserToken)
            {
                headers.Remove(OutgoingHeaders.UserToken);
                headers.TryAddWithoutValidation(OutgoingHeaders.UserToken, state.UserToken);
            }
            else
            {
                headers.Authorization = new AuthenticationHeaderValue("Bearer", state.UserToken);
            }
        }

        headers.Remove(OutgoingHeaders.RequestId);
        headers.TryAddWithoutValidation(OutgoingHeaders.RequestId, CallIds.NewId());
    }

    /// <summary>RFC 6750 §3: <c>WWW-Authenticate: Bearer error="invalid_token"</c>.</summary>
    internal static bool IsInvalidToken(HttpResponseMessage response)
    {
        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || challenge.Parameter is not { } parameters)
            {
                continue;
            }

            foreach (var part in parameters.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && part.AsSpan(0, equals).Trim().Equals("error", StringComparison.OrdinalIgnoreCase)
                    && part.AsSpan(equals + 1).Trim().Trim('"').Equals("invalid_token", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
