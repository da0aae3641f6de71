namespace S2SAuth;

/// <summary>The header a trusted proxy or sidecar forwards the client certificate in (<c>ServiceAuth:Certificates:Forwarded:Header</c>).</summary>
public enum ForwardedCertificateHeader
{
    /// <summary>None: forwarded certificate headers are ignored. The default.</summary>
    None,

    /// <summary>Envoy's <c>X-Forwarded-Client-Cert</c> (Istio and other Envoy-based meshes): its <c>By</c>, <c>Hash</c>, <c>URI</c> and <c>DNS</c> fields.</summary>
    EnvoyXfcc,

    /// <summary>RFC 9440's <c>Client-Cert</c> (and <c>Client-Cert-Chain</c>): the certificate itself, validated against the trust bundle.</summary>
    ClientCert,
}
