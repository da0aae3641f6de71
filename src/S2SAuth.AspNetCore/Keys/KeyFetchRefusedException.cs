namespace S2SAuth.Keys;

/// <summary>
/// A metadata answer the cache refuses to use (another issuer, a <c>jwks_uri</c> outside the allowed origins, a JWKS
/// without <c>keys</c>): a failed fetch with a stable reason code. The message is fixed: never response content.
/// </summary>
internal sealed class KeyFetchRefusedException : Exception
{
    public KeyFetchRefusedException(string reason)
        : base("The issuer's metadata was refused: " + reason + ".") => Reason = reason;

    /// <summary>The reason code, for logs and metrics (e.g. <c>jwks_uri_not_allowed</c>).</summary>
    public string Reason { get; }
}
