using Microsoft.Extensions.Http.Resilience;
using S2SAuth.Client.Resilience;

namespace S2SAuth.Client;

/// <summary>Retry rules for clients that carry service tokens.</summary>
public static class ServiceCallRetryStrategyOptionsExtensions
{
    /// <summary>
    /// Retries safe requests (GET, HEAD, OPTIONS, TRACE) after any failure the strategy handles. Every other request
    /// changes state and is retried only when it certainly did not reach the server (the connection could not be made),
    /// because nothing guarantees that a downstream deduplicates a repeated call; unless its client sets
    /// <see cref="ServiceTokenHandlerOptions.RetryWithIdempotencyKey"/> for a downstream known to honour
    /// <c>Idempotency-Key</c>, in which case a request carrying the key is retried like a safe one.
    /// <c>AddServiceTokenHandler</c> applies it to the standard resilience handler by itself (to that client's calls
    /// only, whatever the handler's options are named); call it for a pipeline of your own.
    /// </summary>
    public static HttpRetryStrategyOptions RetryOnlySafeOrIdempotentRequests(this HttpRetryStrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RetryRules.Narrow(options, everyRequest: true);
    }
}
