using Microsoft.Extensions.Http.Resilience;
using Polly;
using S2SAuth.Client.Http;

namespace S2SAuth.Client;

/// <summary>Retry rules for clients that carry service tokens.</summary>
public static class ServiceCallRetryStrategyOptionsExtensions
{
    /// <summary>
    /// Retries only safe requests (GET, HEAD, OPTIONS, TRACE) and requests that carry an <c>Idempotency-Key</c>.
    /// <c>AddServiceTokenHandler</c> applies it to the client's standard resilience handler by itself; call it for
    /// a pipeline of your own.
    /// </summary>
    public static HttpRetryStrategyOptions RetryOnlySafeOrIdempotentRequests(this HttpRetryStrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var shouldHandle = options.ShouldHandle;
        options.ShouldHandle = async args =>
        {
            var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
            if (request is not null && !RetryRules.MayRetry(request))
            {
                return false;
            }

            return await shouldHandle(args).ConfigureAwait(false);
        };
        return options;
    }
}
