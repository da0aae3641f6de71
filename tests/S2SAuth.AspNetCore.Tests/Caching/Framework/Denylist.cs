using System.Collections.Concurrent;
using S2SAuth.Verification;

namespace S2SAuth.AspNetCore.Tests.Caching.Framework;

/// <summary>A per-request check refusing tokens by <c>jti</c>: a stand-in for the revocation that a later issue brings.</summary>
internal sealed class Denylist : IPerRequestTokenCheck
{
    private readonly ConcurrentDictionary<string, bool> _revoked = new(StringComparer.Ordinal);

    public int Checks;

    public void Revoke(string jti) => _revoked[jti] = true;

    public ValueTask<VerificationResult> CheckAsync(VerifiedToken token, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Checks);
        var jti = token.Service?.TokenId ?? token.User!.TokenId;
        return ValueTask.FromResult(_revoked.ContainsKey(jti) ? VerificationResult.Fail(AuthErrorCodes.TokenInvalid, "The token was revoked.") : default);
    }
}
