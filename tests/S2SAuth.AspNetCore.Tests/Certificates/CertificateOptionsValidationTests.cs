using S2SAuth.Certificates;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Certificates;

/// <summary>Certificate and SPIFFE settings are checked at start-up, each message naming its key.</summary>
public sealed class CertificateOptionsValidationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("s2sauth-certopts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Defaults_are_valid() => Assert.Empty(Errors(new ServiceAuthOptions()));

    [Fact]
    public void A_readable_bundle_with_a_trust_domain_is_valid()
    {
        using var ca = TestCertificateAuthority.Create();
        var options = WithBundle(ca.CertificatePem);

        Assert.Empty(Errors(options));
    }

    [Theory]
    [InlineData(null, "cannot be read")]
    [InlineData("not pem", "is not a usable trust bundle: not a PEM file of certificates")]
    [InlineData("leaf only", "is not a usable trust bundle: no self-signed CA certificate in the file")]
    public void Unusable_trust_bundle_stops_the_start(string? content, string message)
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.Issue("orders");
        var options = WithBundle(content switch { null => null, "leaf only" => leaf.ExportCertificatePem(), _ => content });

        Assert.Contains(Errors(options), e => e.StartsWith("ServiceAuth:Certificates:TrustBundlePath", StringComparison.Ordinal) && e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Certificates_without_trust_domains_stop_the_start()
    {
        using var ca = TestCertificateAuthority.Create();
        var options = WithBundle(ca.CertificatePem);
        options.Spiffe.TrustDomains.Clear();

        Assert.Contains(Errors(options), e => e.StartsWith("ServiceAuth:Spiffe:TrustDomains is empty", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Prod.example.org")]
    [InlineData("spiffe://prod.example.org")]
    [InlineData("prod.example.org/ns")]
    public void Invalid_trust_domain_is_named(string trustDomain)
    {
        using var ca = TestCertificateAuthority.Create();
        var options = WithBundle(ca.CertificatePem);
        options.Spiffe.TrustDomains = [trustDomain];

        Assert.Contains(Errors(options), e => e.StartsWith("ServiceAuth:Spiffe:TrustDomains:0", StringComparison.Ordinal));
    }

    [Fact]
    public void Certificate_policy_without_any_trust_stops_the_start()
    {
        var options = new ServiceAuthOptions { DefaultServiceCredential = ServiceCredentialPolicy.Certificate };

        Assert.Contains(Errors(options), e => e.StartsWith("ServiceAuth:DefaultServiceCredential is Certificate", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_template_and_foreign_service_id_entries_are_named()
    {
        using var ca = TestCertificateAuthority.Create();
        var options = WithBundle(ca.CertificatePem);
        options.Spiffe.PathTemplate = "/ns/*/sa";
        options.Spiffe.ServiceIds["spiffe://other.example.org/orders"] = "orders-service";

        var errors = Errors(options);

        Assert.Contains(errors, e => e.StartsWith("ServiceAuth:Spiffe:PathTemplate", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ServiceAuth:Spiffe:ServiceIds", StringComparison.Ordinal));
    }

    [Fact]
    public void DNS_identity_without_mappings_stops_the_start()
    {
        using var ca = TestCertificateAuthority.Create();
        var options = WithBundle(ca.CertificatePem);
        options.Certificates.IdentitySource = CertificateIdentitySource.DnsName;

        Assert.Contains(Errors(options), e => e.StartsWith("ServiceAuth:Certificates:DnsNames is empty", StringComparison.Ordinal));
    }

    private ServiceAuthOptions WithBundle(string? content)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".pem");
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }

        var options = new ServiceAuthOptions();
        options.Certificates.TrustBundlePath = path;
        options.Spiffe.TrustDomains = ["prod.example.org"];
        return options;
    }

    private static IReadOnlyList<string> Errors(ServiceAuthOptions options) =>
        new CertificateOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];
}
