using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace S2SAuth;

/// <summary>The verified user on whose behalf the call is made, from the user token.</summary>
public sealed class UserIdentity
{
    internal UserIdentity(string userId, string? tenantId, IReadOnlySet<string> permissions, IReadOnlySet<string> roles, string tokenId, DateTimeOffset expiresAt,
        IReadOnlyList<string>? actors = null)
    {
        Actors = actors ?? [];
        UserId = userId;
        TenantId = tenantId;
        Permissions = permissions;
        Roles = roles;
        TokenId = tokenId;
        ExpiresAt = expiresAt;
    }

    /// <summary>The user's id (the token's <c>sub</c>).</summary>
    public string UserId { get; }

    /// <summary>The user's tenant (<c>tenant_id</c>), if the token carries one.</summary>
    public string? TenantId { get; }

    /// <summary>Activity keys granted directly by the token's <c>permissions</c> claim.</summary>
    public IReadOnlySet<string> Permissions { get; }

    /// <summary>The token's <c>roles</c>.</summary>
    public IReadOnlySet<string> Roles { get; }

    /// <summary>The token's <c>jti</c>.</summary>
    public string TokenId { get; }

    /// <summary>When the token expires.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>
    /// The services the token was exchanged for (RFC 8693 §4.1 <c>act</c> chain), most recent actor first: the first
    /// is the service the token was last exchanged for (normally the caller), the last the first service that exchanged
    /// it. Each is the actor's <c>sub</c>, else its <c>client_id</c>. Empty when the token has no <c>act</c> (a token
    /// issued to the user, or forwarded as it came).
    /// </summary>
    public IReadOnlyList<string> Actors { get; }

    /// <summary>Minimal-API binding: a <see cref="UserIdentity"/> parameter receives the verified user.</summary>
    public static ValueTask<UserIdentity?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.GetServiceAuthContext()?.User);
}
