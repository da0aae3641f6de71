namespace AuthService.Configuration;

/// <summary>
/// RFC 8705 at the token endpoint (<c>AuthService:MutualTls</c>): clients may authenticate with a client certificate and
/// get access tokens bound to it (<c>cnf.x5t#S256</c>). Off unless <see cref="TrustedCaPath"/> or <see cref="SelfSigned"/>
/// is set. When on, every HTTPS listener asks for a client certificate and accepts the handshake whatever is presented:
/// OpenIddict checks the certificate at the token endpoint against the client's registration.
/// </summary>
public sealed class MutualTlsSettings
{
    public const string SectionName = AuthServiceSettings.SectionName + ":MutualTls";

    /// <summary>
    /// PEM bundle of the CA certificates (a self-signed root, optionally intermediates; no private keys) that issue
    /// client certificates for <c>tls_client_auth</c>. A certificate must chain to one of them, carry the client-auth EKU
    /// and name the account in its SAN (<see cref="ServiceAccountSettings.TlsClientAuthSanDns"/> or <see cref="ServiceAccountSettings.TlsClientAuthSanUri"/>).
    /// </summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>Enables <c>self_signed_tls_client_auth</c>: the certificate must be the one registered for the account (<see cref="ServiceAccountSettings.SelfSignedCertificate"/>).</summary>
    public bool SelfSigned { get; set; }

    /// <summary>
    /// Published as <c>mtls_endpoint_aliases.token_endpoint</c> (RFC 8705 §5): an absolute HTTPS URL of a second listener
    /// (another host name or port, same path <c>connect/token</c>) that requires client certificates. Needs <c>AuthService:Issuer</c>.
    /// </summary>
    public Uri? TokenEndpointAlias { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(TrustedCaPath) || SelfSigned;
}
