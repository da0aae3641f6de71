namespace S2SAuth;

/// <summary>
/// A check of every verified token on every request: the place for revocation (a <c>jti</c> denylist, a user logged
/// out everywhere, a service switched off). It runs after a full verification and after a verified-token cache hit
/// alike, and its answer is never cached, so a token it refuses is refused on its next request whatever the cache
/// holds. A refusal answers 401 with the check's own error code (problem details, <c>WWW-Authenticate</c>), is logged
/// as a token rejection and audited like any other authentication failure.
/// </summary>
/// <remarks>
/// Register implementations as singletons: <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;ITokenCheck, MyCheck&gt;())</c>.
/// All registered checks run, in registration order, until one refuses. A check sees only <see cref="VerifiedTokenInfo"/>,
/// never the token's text; it runs on the request path, so keep it fast (an in-memory lookup, refreshed in the background).
/// An exception it throws is not caught.
/// </remarks>
public interface ITokenCheck
{
    /// <summary>Checks one verified token of the current request.</summary>
    /// <param name="token">What verification established about the token.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns><see cref="TokenCheckResult.Allow"/>, or <see cref="TokenCheckResult.Refuse"/> with an error code and a safe detail.</returns>
    ValueTask<TokenCheckResult> CheckAsync(VerifiedTokenInfo token, CancellationToken cancellationToken);
}
