using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace S2SAuth;

/// <summary>
/// The verified calling service: from its <c>X-Service-Token</c>, its client certificate, a certificate a trusted proxy
/// forwarded, or a SPIFFE JWT-SVID (<see cref="Credential"/> says which).
/// </summary>
public sealed class ServiceIdentity
{
    internal ServiceIdentity(string serviceId, IReadOnlySet<string> scopes, string? tenantId, string tokenId, DateTimeOffset expiresAt,
        ServiceCredentialKind credential = ServiceCredentialKind.Token)
    {
        Credential = credential;
        ServiceId = serviceId;
        Scopes = scopes;
        TenantId = tenantId;
        TokenId = tokenId;
        ExpiresAt = expiresAt;
    }

    /// <summary>The calling service's id (the token's <c>sub</c>, or the certificate's mapped SPIFFE ID or DNS name), e.g. <c>orders-service</c>.</summary>
    public string ServiceId { get; }

    /// <summary>The scopes granted to the caller (from <c>scopes</c> and/or <c>scope</c>; for a credential without scopes, from <c>ServiceAuth:ServiceScopes</c>).</summary>
    public IReadOnlySet<string> Scopes { get; }

    /// <summary>The tenant of a tenant-scoped service token, else <see langword="null"/>.</summary>
    public string? TenantId { get; }

    /// <summary>The token's <c>jti</c>, for tracing and revocation; empty for a certificate.</summary>
    public string TokenId { get; }

    /// <summary>Which credential proved the service.</summary>
    public ServiceCredentialKind Credential { get; }

    /// <summary>When the token (or certificate) expires.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Whether the caller was granted <paramref name="scope"/>.</summary>
    public bool HasScope(string scope) => Scopes.Contains(scope);

    /// <summary>Minimal-API binding: a <see cref="ServiceIdentity"/> parameter receives the verified caller.</summary>
    public static ValueTask<ServiceIdentity?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.GetServiceAuthContext()?.Service);
}
