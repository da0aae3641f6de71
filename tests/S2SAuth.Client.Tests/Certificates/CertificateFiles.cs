using System.Security.Cryptography.X509Certificates;
using S2SAuth.Testing;

namespace S2SAuth.Client.Tests.Certificates;

/// <summary>A temporary directory holding <c>tls.crt</c> and <c>tls.key</c>, replaced the way cert-manager rotates them.</summary>
public sealed class CertificateFiles : IDisposable
{
    public CertificateFiles()
    {
        Directory.CreateDirectory(DirectoryPath);
    }

    public string DirectoryPath { get; } = Path.Combine(Path.GetTempPath(), "s2sauth-clientcert-" + Guid.NewGuid().ToString("N"));

    public string CertificatePath => Path.Combine(DirectoryPath, "tls.crt");

    public string KeyPath => Path.Combine(DirectoryPath, "tls.key");

    public Dictionary<string, string?> Settings(TimeSpan? reloadInterval = null) => new()
    {
        ["ServiceAuth:ClientCertificate:CertificatePath"] = CertificatePath,
        ["ServiceAuth:ClientCertificate:KeyPath"] = KeyPath,
        ["ServiceAuth:ClientCertificate:ReloadInterval"] = (reloadInterval ?? TimeSpan.FromSeconds(10)).ToString(),
    };

    public void Write(X509Certificate2 certificate) => TestCertificateAuthority.WritePemFiles(certificate, CertificatePath, KeyPath);

    public void Dispose() => Directory.Delete(DirectoryPath, recursive: true);
}
