namespace S2SAuth.Client;

/// <summary>
/// This service's own client certificate (<c>ServiceAuth:ClientCertificate</c>), read from PEM files the way
/// cert-manager and spiffe-helper deliver them and read again when they change, without a restart. When set, every
/// HttpClient with <c>AddServiceTokenHandler</c> presents it on each new TLS connection; the token client presents it
/// when <see cref="ServiceTokenClientOptions.ClientAuthentication"/> is <see cref="ClientAuthenticationMethod.TlsClientAuth"/>
/// or <see cref="ClientAuthenticationMethod.SelfSignedTlsClientAuth"/> (RFC 8705), so the issuer can bind the tokens.
/// </summary>
public sealed class ClientCertificateOptions
{
    /// <summary>
    /// PEM file holding the certificate (<c>tls.crt</c>, <c>svid.pem</c>): the leaf first, optionally followed by its
    /// intermediates, which are read but not sent (see docs/certificates.md). Unset: no client certificate.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>
    /// PEM file holding the unencrypted private key (<c>tls.key</c>, <c>svid_key.pem</c>): PKCS#8 <c>PRIVATE KEY</c>, or
    /// <c>RSA PRIVATE KEY</c> / <c>EC PRIVATE KEY</c>. Unset: the key is read from <see cref="CertificatePath"/>. Never logged.
    /// </summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// How often both files are read and compared by content (so a Kubernetes symlink swap counts as a change); a
    /// changed pair is loaded and used for new connections. A pair that does not load keeps the last good certificate
    /// in use. Default 10 seconds.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);
}
