namespace S2SAuth;

/// <summary>
/// What verification established about one token, as an <see cref="ITokenCheck"/> sees it: its kind, registered claims
/// and typed identity. Holds nothing of the token's text (no header, payload or signature). Immutable: the same
/// instance is handed to the checks of every request that carries the token while it is in the verified-token cache.
/// </summary>
public sealed class VerifiedTokenInfo
{
    internal VerifiedTokenInfo(TokenKind kind, string issuer, string subject, string tokenId, DateTimeOffset issuedAt, DateTimeOffset expiresAt, ServiceIdentity? service, UserIdentity? user)
    {
        Kind = kind;
        Issuer = issuer;
        Subject = subject;
        TokenId = tokenId;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        Service = service;
        User = user;
    }

    /// <summary>Whether this is the calling service's token or the user's.</summary>
    public TokenKind Kind { get; }

    /// <summary>The token's <c>iss</c>: the issuer it was verified against.</summary>
    public string Issuer { get; }

    /// <summary>The token's <c>sub</c>: the service id or the user id.</summary>
    public string Subject { get; }

    /// <summary>The token's <c>jti</c>: its unique id, the key a revocation list names tokens by.</summary>
    public string TokenId { get; }

    /// <summary>The token's <c>iat</c>: when it was issued.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>The token's <c>exp</c>: when it expires.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The calling service, for a <see cref="TokenKind.Service"/> token; else <see langword="null"/>.</summary>
    public ServiceIdentity? Service { get; }

    /// <summary>The user, for a <see cref="TokenKind.User"/> token; else <see langword="null"/>.</summary>
    public UserIdentity? User { get; }
}
