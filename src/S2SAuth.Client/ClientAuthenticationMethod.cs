namespace S2SAuth.Client;

/// <summary>How the service authenticates to the token endpoint (RFC 6749 §2.3.1, RFC 8705 §2).</summary>
public enum ClientAuthenticationMethod
{
    /// <summary><c>client_secret_basic</c>: HTTP Basic authentication with the form-encoded id and secret.</summary>
    ClientSecretBasic = 0,

    /// <summary><c>client_secret_post</c>: <c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    ClientSecretPost = 1,

    /// <summary>
    /// <c>tls_client_auth</c> (RFC 8705 §2.1): the client certificate (<see cref="ServiceTokenClientOptions.ClientCertificate"/>),
    /// issued by a CA the issuer trusts, authenticates the client; the request carries <c>client_id</c> and no secret and
    /// goes to the issuer's mTLS token endpoint alias when it publishes one. The issuer can bind the tokens to the certificate.
    /// </summary>
    TlsClientAuth = 2,

    /// <summary>
    /// <c>self_signed_tls_client_auth</c> (RFC 8705 §2.2): like <see cref="TlsClientAuth"/>, with a self-signed certificate
    /// registered with the issuer for this client.
    /// </summary>
    SelfSignedTlsClientAuth = 3,
}
