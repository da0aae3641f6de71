namespace S2SAuth.Client.Http;

/// <summary>Which requests may be sent more than once, and which get an idempotency key.</summary>
internal static class RetryRules
{
    /// <summary>GET, HEAD, OPTIONS and TRACE: safe methods (RFC 9110 §9.2.1).</summary>
    public static bool IsSafe(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace;

    /// <summary>POST, PUT, PATCH and DELETE: state-changing calls that carry an <c>Idempotency-Key</c>.</summary>
    public static bool NeedsIdempotencyKey(HttpMethod method) =>
        method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch || method == HttpMethod.Delete;

    /// <summary>A request may be retried when it is safe or carries an idempotency key.</summary>
    public static bool MayRetry(HttpRequestMessage request) =>
        IsSafe(request.Method) || request.Headers.Contains(OutgoingHeaders.IdempotencyKey);
}
