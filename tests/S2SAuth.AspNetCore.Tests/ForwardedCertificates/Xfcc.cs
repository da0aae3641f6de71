using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace S2SAuth.AspNetCore.Tests.ForwardedCertificates;

/// <summary>Builds X-Forwarded-Client-Cert elements the way Envoy writes them.</summary>
internal static class Xfcc
{
    /// <summary>Envoy's Hash: lowercase hex SHA-256 of the DER.</summary>
    public static string Hash(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    /// <summary>Envoy's Cert / Chain value: URL-encoded PEM, quoted.</summary>
    public static string Pem(params X509Certificate2[] certificates) =>
        "\"" + Uri.EscapeDataString(string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"))) + "\"";

    /// <summary>An element as a sidecar with <c>set_current_client_cert_details: {uri: true}</c> writes it.</summary>
    public static string Element(string by, X509Certificate2 client, string uri) => $"By={by};Hash={Hash(client)};Subject=\"{client.Subject}\";URI={uri}";
}
