using System.Security.Cryptography.X509Certificates;

namespace S2SAuth.Certificates;

/// <summary>
/// The client certificate a request presents: the TLS connection's own, or one a trusted proxy forwarded. A forwarded
/// one may come as the certificate itself (RFC 9440 <c>Client-Cert</c>, Envoy's <c>Cert</c> field), validated like a
/// connection's, or only as names the proxy attests (Envoy's <c>URI</c>/<c>DNS</c> fields with its <c>Hash</c>).
/// </summary>
internal sealed class PresentedCertificate
{
    public PresentedCertificate(ServiceCredentialKind kind, X509Certificate2? certificate, byte[] sha256Thumbprint,
        IReadOnlyList<X509Certificate2>? chain = null, string? attestedUri = null, IReadOnlyList<string>? attestedDnsNames = null)
    {
        Kind = kind;
        Certificate = certificate;
        Sha256Thumbprint = sha256Thumbprint;
        Chain = chain ?? [];
        AttestedUri = attestedUri;
        AttestedDnsNames = attestedDnsNames ?? [];
    }

    /// <summary><see cref="ServiceCredentialKind.Certificate"/> (the connection's) or <see cref="ServiceCredentialKind.ForwardedCertificate"/>.</summary>
    public ServiceCredentialKind Kind { get; }

    /// <summary>The certificate itself, when it is at hand (always for the connection's own).</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The SHA-256 of the certificate's DER encoding: what an RFC 8705 <c>x5t#S256</c> names.</summary>
    public byte[] Sha256Thumbprint { get; }

    /// <summary>Intermediate certificates sent along (RFC 9440 <c>Client-Cert-Chain</c>), to build the chain with.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>The URI SAN a trusted proxy attests without the certificate (Envoy's <c>URI</c> field).</summary>
    public string? AttestedUri { get; }

    /// <summary>The DNS SANs a trusted proxy attests without the certificate (Envoy's <c>DNS</c> fields).</summary>
    public IReadOnlyList<string> AttestedDnsNames { get; }
}
