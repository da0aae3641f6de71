namespace AuthService.Configuration;

/// <summary>
/// One service account (an entry of the <c>ServiceAccounts</c> section), seeded as an OpenIddict confidential
/// application at start-up. The secret is hashed by OpenIddict before it is stored and never logged.
/// </summary>
public sealed class ServiceAccountSettings
{
    public const string SectionName = "ServiceAccounts";

    /// <summary>The service id: the OAuth2 <c>client_id</c> and the token's <c>sub</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>
    /// The client secret (at least 16 characters). Comes from configuration or a secret store. May be empty for an account
    /// that authenticates only with its certificate (one of the three certificate registrations below).
    /// </summary>
    public string Secret { get; set; } = "";

    /// <summary>RFC 8705 <c>tls_client_auth_san_dns</c>: the DNS SAN a <c>tls_client_auth</c> certificate must carry (exact, no wildcard).</summary>
    public string? TlsClientAuthSanDns { get; set; }

    /// <summary>RFC 8705 <c>tls_client_auth_san_uri</c>: the URI SAN a <c>tls_client_auth</c> certificate must carry, e.g. a SPIFFE ID.</summary>
    public string? TlsClientAuthSanUri { get; set; }

    /// <summary>For <c>self_signed_tls_client_auth</c>: the account's self-signed certificate, PEM (public, not a secret).</summary>
    public string? SelfSignedCertificate { get; set; }

    /// <summary>Whether the account has a certificate registration.</summary>
    public bool HasCertificateRegistration =>
        !string.IsNullOrWhiteSpace(TlsClientAuthSanDns) || !string.IsNullOrWhiteSpace(TlsClientAuthSanUri) || !string.IsNullOrWhiteSpace(SelfSignedCertificate);

    /// <summary>The scopes this account may ask for; each must be declared in the <c>Scopes</c> section.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>For a tenant-scoped account (a background job of one tenant): its tokens carry <c>tenant_id</c>.</summary>
    public string? TenantId { get; set; }

    /// <summary>A disabled account keeps its row but gets <c>invalid_client</c> and no token.</summary>
    public bool Disabled { get; set; }

    /// <summary>Never print the secret, not even by accident in a debugger or a log of the whole object.</summary>
    public override string ToString() => $"ServiceAccount {Id}";
}
