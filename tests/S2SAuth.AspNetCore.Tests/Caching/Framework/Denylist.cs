using System.Collections.Concurrent;

namespace S2SAuth.AspNetCore.Tests.Caching.Framework;

/// <summary>A per-request token check refusing tokens by <c>jti</c>: a stand-in for the revocation that a later issue brings.</summary>
internal sealed class Denylist : ITokenCheck
{
    private readonly ConcurrentDictionary<string, bool> _revoked = new(StringComparer.Ordinal);

    public int Checks;

    public void Revoke(string jti) => _revoked[jti] = true;

    public ValueTask<TokenCheckResult> CheckAsync(VerifiedTokenInfo token, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Checks);
        var jti = token.Service?.TokenId ?? token.User!.TokenId;
        return ValueTask.FromResult(_revoked.ContainsKey(jti) ? TokenCheckResult.Refuse(AuthErrorCodes.TokenInvalid, "The token was revoked.") : TokenCheckResult.Allow);
    }
}
