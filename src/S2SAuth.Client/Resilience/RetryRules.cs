using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using S2SAuth.Client.Http;

namespace S2SAuth.Client.Resilience;

/// <summary>
/// Which requests may be sent more than once, and which get an idempotency key. Safe methods may always be retried.
/// Every other method changes state (PUT and DELETE too: RFC 9110 calls them idempotent, but S2SAuth cannot know that
/// a downstream implements them so, and a repeated DELETE may answer 404 for a call that succeeded): such a request
/// is retried only when it certainly did not reach the server, or when its client declared that the downstream
/// honours <c>Idempotency-Key</c> (<see cref="ServiceTokenHandlerOptions.RetryWithIdempotencyKey"/>).
/// A gRPC call is never retried here (see <see cref="GrpcCalls"/>).
/// </summary>
internal static class RetryRules
{
    private const int MaxInnerExceptions = 8;

    /// <summary>
    /// Narrows the <c>ShouldHandle</c> predicate of <paramref name="options"/> to <see cref="MayRetry"/>:
    /// for every request when <paramref name="everyRequest"/>, else only for the calls of clients with
    /// <c>AddServiceTokenHandler</c> (<see cref="IsServiceTokenCall"/>); any other request keeps the original decision.
    /// A request <see cref="MayRetry"/> allows is still retried only when the original predicate says so.
    /// </summary>
    public static HttpRetryStrategyOptions Narrow(HttpRetryStrategyOptions options, bool everyRequest)
    {
        var shouldHandle = options.ShouldHandle;
        options.ShouldHandle = async args =>
        {
            var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
            if ((everyRequest || IsServiceTokenCall(request)) && !MayRetry(request, args.Outcome.Exception))
            {
                return false;
            }

            return await shouldHandle(args).ConfigureAwait(false);
        };
        return options;
    }

    /// <summary>Whether <paramref name="request"/> went through a client's <c>OutgoingCallHandler</c>, which keeps the call's state on it.</summary>
    public static bool IsServiceTokenCall(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(CallOptionKeys.State, out _);

    /// <summary>GET, HEAD, OPTIONS and TRACE: safe methods (RFC 9110 §9.2.1).</summary>
    public static bool IsSafe(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace;

    /// <summary>POST, PUT, PATCH and DELETE: state-changing calls that carry an <c>Idempotency-Key</c>.</summary>
    public static bool NeedsIdempotencyKey(HttpMethod method) =>
        method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch || method == HttpMethod.Delete;

    /// <summary>
    /// Whether <paramref name="request"/> may be sent again after an attempt that ended with <paramref name="failure"/>
    /// (<see langword="null"/> when the attempt got a response). An unknown request is treated as state-changing.
    /// </summary>
    public static bool MayRetry(HttpRequestMessage? request, Exception? failure)
    {
        if (GrpcCalls.IsGrpc(request))
        {
            return false; // a gRPC body is a message stream, written once: gRPC's own retry policy replays messages
        }

        if (request is not null && IsSafe(request.Method))
        {
            return true;
        }

        if (CertainlyNotSent(failure))
        {
            return true;
        }

        return request is not null
            && request.Options.TryGetValue(CallOptionKeys.State, out var state) && state.RetryWithIdempotencyKey
            && request.Headers.Contains(OutgoingHeaders.IdempotencyKey);
    }

    /// <summary>
    /// The attempt failed before the request was written: the name did not resolve, the connection (or the proxy
    /// tunnel, or TLS) could not be established, or the server refused the connection. Timeouts, resets after the
    /// request was written and any HTTP answer are not certain: the server may have processed the request.
    /// </summary>
    public static bool CertainlyNotSent(Exception? failure)
    {
        for (var (e, depth) = (failure, 0); e is not null && depth < MaxInnerExceptions; e = e.InnerException, depth++)
        {
            switch (e)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                    or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError }:
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound }:
                    return true;
                case OperationCanceledException or TimeoutException:
                    return false;
            }
        }

        return false;
    }
}
