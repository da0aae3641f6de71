using Microsoft.IdentityModel.JsonWebTokens;

namespace S2SAuth.Verification;

/// <summary>
/// What one successful verification established about a token, immutable so that the verified-token cache can hand
/// the same instance to every request that carries the token: the typed identity and the tenant it gives. Each request
/// builds its own <c>ClaimsPrincipal</c>, identities and claims from it (<c>PrincipalFactory</c>).
/// </summary>
internal sealed class VerifiedToken
{
    private VerifiedToken(string token, TokenKind kind, long keySetVersion, long expiresAtUtcTicks, ServiceIdentity? service, UserIdentity? user, TenantContext? tenant)
    {
        Token = token;
        Kind = kind;
        KeySetVersion = keySetVersion;
        ExpiresAtUtcTicks = expiresAtUtcTicks;
        Service = service;
        User = user;
        Tenant = tenant;
    }

    /// <summary>The exact token text (the cache key; the user token is forwarded on user-scoped calls).</summary>
    public string Token { get; }

    public TokenKind Kind { get; }

    /// <summary>The <see cref="Keys.SigningKeySnapshot.Version"/> the signature was checked against.</summary>
    public long KeySetVersion { get; }

    /// <summary>When a cached entry stops being used: no later than the token's <c>exp</c> and the cache's maximum duration.</summary>
    public long ExpiresAtUtcTicks { get; }

    /// <summary>The calling service, for a service token.</summary>
    public ServiceIdentity? Service { get; }

    /// <summary>The user, for a user token.</summary>
    public UserIdentity? User { get; }

    /// <summary>
    /// The tenant this token gives a request: a user token's always (possibly none); a service token's only when it names
    /// one (else <see langword="null"/>, and the request keeps its default).
    /// </summary>
    public TenantContext? Tenant { get; }

    /// <summary>Set on each cache hit, cleared by the cache's trim: entries used since the last trim get a second chance.</summary>
    public bool RecentlyUsed { get; set; }

    public static VerifiedToken Create(JsonWebToken token, TokenKind kind, string raw, long keySetVersion, long expiresAtUtcTicks)
    {
        if (kind == TokenKind.Service)
        {
            var service = ClaimReader.ToServiceIdentity(token);
            var tenant = service.TenantId is { } tenantId ? new TenantContext(tenantId, TenantSource.ServiceToken) : null;
            return new VerifiedToken(raw, kind, keySetVersion, expiresAtUtcTicks, service, null, tenant);
        }

        var user = ClaimReader.ToUserIdentity(token);
        var userTenant = user.TenantId is { } id ? new TenantContext(id, TenantSource.UserToken) : TenantContext.None;
        return new VerifiedToken(raw, kind, keySetVersion, expiresAtUtcTicks, null, user, userTenant);
    }
}
