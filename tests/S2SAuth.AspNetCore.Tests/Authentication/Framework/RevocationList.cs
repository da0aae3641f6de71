using System.Collections.Concurrent;

namespace S2SAuth.AspNetCore.Tests.Authentication.Framework;

/// <summary>
/// An <see cref="ITokenCheck"/> written against the public API only, as an application would write one: refuses the
/// tokens it was told to revoke (by <c>jti</c>) with its own code, and keeps every token view it was shown.
/// </summary>
public sealed class RevocationList : ITokenCheck
{
    public const string Code = "token_revoked";
    public const string Detail = "The token was revoked.";

    private readonly ConcurrentDictionary<string, bool> _revoked = new(StringComparer.Ordinal);

    public ConcurrentQueue<VerifiedTokenInfo> Seen { get; } = new();

    /// <summary>When set, the list cannot answer (its store is down): every check throws.</summary>
    public bool Down { get; set; }

    public void Revoke(string tokenId) => _revoked[tokenId] = true;

    public ValueTask<TokenCheckResult> CheckAsync(VerifiedTokenInfo token, CancellationToken cancellationToken)
    {
        Seen.Enqueue(token);
        if (Down)
        {
            throw new InvalidOperationException("The revocation store is unreachable.");
        }

        return ValueTask.FromResult(_revoked.ContainsKey(token.TokenId) ? TokenCheckResult.Refuse(Code, Detail) : TokenCheckResult.Allow);
    }
}
