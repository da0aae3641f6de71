using Microsoft.IdentityModel.JsonWebTokens;
using S2SAuth.Profiles;

namespace S2SAuth.Verification;

/// <summary>
/// What one successful verification established about a token: a pure result, immutable, so that the verified-token
/// cache can hand the same instance to every request that carries the token. Holds the token's text (its cache key;
/// the user token is forwarded on user-scoped calls), the public view per-request checks see (<see cref="Info"/>, no
/// token text) and the tenant it gives. Each request builds its own <c>ClaimsPrincipal</c> from it (<c>PrincipalFactory</c>).
/// </summary>
internal sealed class VerifiedToken
{
    private VerifiedToken(string token, VerifiedTokenInfo info, TenantContext? tenant, TokenBinding binding = default)
    {
        Binding = binding;
        Token = token;
        Info = info;
        Tenant = tenant;
    }

    /// <summary>The exact token text.</summary>
    public string Token { get; }

    /// <summary>What verification established, without the token's text: what an <see cref="ITokenCheck"/> sees.</summary>
    public VerifiedTokenInfo Info { get; }

    public TokenKind Kind => Info.Kind;

    /// <summary>The token's <c>exp</c>.</summary>
    public DateTimeOffset ExpiresAt => Info.ExpiresAt;

    /// <summary>The calling service, for a service token.</summary>
    public ServiceIdentity? Service => Info.Service;

    /// <summary>The user, for a user token.</summary>
    public UserIdentity? User => Info.User;

    /// <summary>
    /// The tenant this token gives a request: a user token's always (possibly none); a service token's only when it names
    /// one (else <see langword="null"/>, and the request keeps its default).
    /// </summary>
    public TenantContext? Tenant { get; }

    /// <summary>The token's certificate binding (RFC 8705 <c>cnf</c>), checked against the connection on every request.</summary>
    public TokenBinding Binding { get; }

    /// <summary>
    /// The verified token of <paramref name="token"/>, whose claims are checked. <paramref name="actors"/> is a user
    /// token's delegation chain, most recent actor first (a service token's <c>act</c> is not read).
    /// </summary>
    public static VerifiedToken Create(JsonWebToken token, TokenKind kind, string raw, DateTimeOffset issuedAt, DateTimeOffset expiresAt, KindRules rules, string callerId,
        IReadOnlyList<string>? actors = null)
    {
        var binding = TokenBinding.Read(token);
        if (kind == TokenKind.Service)
        {
            var service = ClaimReader.ToServiceIdentity(token, rules, callerId, binding.IsBound ? ServiceCredentialKind.BoundToken : ServiceCredentialKind.Token);
            var tenant = service.TenantId is { } tenantId ? new TenantContext(tenantId, TenantSource.ServiceToken) : null;
            return new VerifiedToken(raw, NewInfo(token, kind, issuedAt, expiresAt, service, null, callerId), tenant, binding);
        }

        var user = ClaimReader.ToUserIdentity(token, rules, callerId, actors);
        var userTenant = user.TenantId is { } id ? new TenantContext(id, TenantSource.UserToken) : TenantContext.None;
        return new VerifiedToken(raw, NewInfo(token, kind, issuedAt, expiresAt, null, user, callerId), userTenant, binding);
    }

    /// <summary>The subject is the token's <c>sub</c>, or the caller's id for a token without one (a client-credentials token of Duende IdentityServer or OpenIddict).</summary>
    private static VerifiedTokenInfo NewInfo(JsonWebToken token, TokenKind kind, DateTimeOffset issuedAt, DateTimeOffset expiresAt, ServiceIdentity? service, UserIdentity? user, string callerId) =>
        new(kind, token.Issuer, ClaimReader.String(token, JwtRegisteredClaimNames.Sub) is { Length: > 0 } subject ? subject : callerId, ClaimReader.TokenId(token), issuedAt, expiresAt, service, user);

    /// <summary>
    /// A service token whose identity is already built (a SPIFFE JWT-SVID): no tenant. <paramref name="info"/> must hold
    /// the service; its <c>TokenId</c> is empty when the token has no <c>jti</c>.
    /// </summary>
    public static VerifiedToken ForService(string raw, VerifiedTokenInfo info)
    {
        ArgumentNullException.ThrowIfNull(info.Service);
        return new VerifiedToken(raw, info, null);
    }
}
