using System.Collections.Concurrent;

namespace S2SAuth.EndToEnd.Tests.Grpc;

/// <summary>
/// A token check of the test server that revokes the next service tokens of one subject it sees (as a revocation
/// list would), so a client's cached token is refused while still valid.
/// </summary>
public sealed class RejectingTokenCheck : ITokenCheck
{
    private readonly ConcurrentDictionary<string, bool> _revoked = new(StringComparer.Ordinal);
    private int _toRevoke;

    public string Subject { get; set; } = GrpcHost.RelayClientId;

    /// <summary>Revokes the next <paramref name="count"/> distinct tokens of <see cref="Subject"/>.</summary>
    public void RevokeNext(int count) => Volatile.Write(ref _toRevoke, count);

    public ValueTask<TokenCheckResult> CheckAsync(VerifiedTokenInfo token, CancellationToken cancellationToken)
    {
        if (token.Kind == TokenKind.Service && token.Subject == Subject && !_revoked.ContainsKey(token.TokenId)
            && Interlocked.Decrement(ref _toRevoke) >= 0)
        {
            _revoked[token.TokenId] = true;
        }

        return ValueTask.FromResult(_revoked.ContainsKey(token.TokenId)
            ? TokenCheckResult.Refuse(AuthErrorCodes.TokenRevoked, "The token was revoked.")
            : TokenCheckResult.Allow);
    }
}
