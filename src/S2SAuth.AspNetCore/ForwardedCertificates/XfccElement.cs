namespace S2SAuth.ForwardedCertificates;

/// <summary>One element of an Envoy <c>X-Forwarded-Client-Cert</c> header: what one proxy says of the client it authenticated.</summary>
internal sealed class XfccElement
{
    /// <summary>The URI SANs of the proxy's own certificate (<c>By</c>; one per SAN).</summary>
    public List<string> By { get; } = [];

    /// <summary>The SHA-256 of the client certificate's DER (<c>Hash</c>, 32 bytes).</summary>
    public byte[]? Hash { get; set; }

    /// <summary>The client certificate, URL-encoded PEM as sent (<c>Cert</c>).</summary>
    public string? Cert { get; set; }

    /// <summary>The client certificate chain including the leaf, URL-encoded PEM as sent (<c>Chain</c>).</summary>
    public string? Chain { get; set; }

    /// <summary>The client certificate's subject (<c>Subject</c>).</summary>
    public string? Subject { get; set; }

    /// <summary>The client certificate's URI SANs (<c>URI</c>; Envoy writes an empty <c>URI=</c> for none, which is not kept).</summary>
    public List<string> Uris { get; } = [];

    /// <summary>The client certificate's DNS SANs (<c>DNS</c>).</summary>
    public List<string> DnsNames { get; } = [];
}
