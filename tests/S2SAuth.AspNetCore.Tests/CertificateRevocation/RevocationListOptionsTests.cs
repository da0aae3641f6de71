using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S2SAuth.CertificateRevocation;
using S2SAuth.Certificates;

namespace S2SAuth.AspNetCore.Tests.CertificateRevocation;

/// <summary>ServiceAuth:Certificates:RevocationLists and its intervals are checked at start-up, each message naming the key.</summary>
public sealed class RevocationListOptionsTests : IDisposable
{
    private const string Key = "ServiceAuth:Certificates:RevocationLists";
    private readonly string _folder = Directory.CreateTempSubdirectory("s2sauth-crl-options-").FullName;

    [Fact]
    public void No_lists_is_valid_whatever_the_intervals()
    {
        var options = new ServiceAuthOptions();
        options.Certificates.RevocationListRefreshInterval = TimeSpan.Zero;

        Assert.Empty(Errors(options));
    }

    [Theory]
    [InlineData("https://pki.example.com/ca.crl", true)]
    [InlineData("https://pki.example.com/ca.crl?v=1", true)]
    [InlineData("http://127.0.0.1:8080/ca.crl", false)]
    [InlineData("http://localhost/ca.crl", false)]
    public void Https_URLs_and_loopback_http_without_RequireHttpsMetadata_are_accepted(string url, bool requireHttps)
    {
        var options = new ServiceAuthOptions { RequireHttpsMetadata = requireHttps };
        options.Certificates.RevocationLists.Add(url);

        Assert.Empty(Errors(options));
    }

    [Fact]
    public void A_file_in_an_existing_folder_is_accepted_even_before_it_exists()
    {
        var options = new ServiceAuthOptions();
        options.Certificates.RevocationLists.Add(Path.Combine(_folder, "ca.crl"));

        Assert.Empty(Errors(options));
    }

    [Theory]
    [InlineData("http://pki.example.com/ca.crl", true, "uses http on 'pki.example.com'")]
    [InlineData("http://pki.example.com/ca.crl", false, "uses http on 'pki.example.com'")]
    [InlineData("http://127.0.0.1/ca.crl", true, "uses http on '127.0.0.1'")]
    [InlineData("ldap://ldap.example.com/cn=CA", true, "uses the scheme 'ldap'")]
    [InlineData("https://user:pass@pki.example.com/ca.crl", true, "carries user info")]
    [InlineData("", true, "is empty")]
    [InlineData("/no/such/folder/ca.crl", true, "is not a file in an existing folder")]
    [InlineData("pki.example.com/ca.crl", true, "is not a file in an existing folder")]
    public void A_bad_entry_fails_naming_its_key(string value, bool requireHttps, string reason)
    {
        var options = new ServiceAuthOptions { RequireHttpsMetadata = requireHttps };
        options.Certificates.RevocationLists.Add("https://pki.example.com/good.crl");
        options.Certificates.RevocationLists.Add(value);

        var error = Assert.Single(Errors(options));

        Assert.StartsWith($"{Key}:1 {reason}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pass@", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_not_a_list_file()
    {
        var options = new ServiceAuthOptions();
        options.Certificates.RevocationLists.Add(_folder);

        Assert.StartsWith($"{Key}:0 is not a file", Assert.Single(Errors(options)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RevocationListRefreshInterval", "00:00:00")]
    [InlineData("RevocationListRefreshInterval", "8.00:00:00")]
    [InlineData("RevocationListMaxStaleness", "-00:00:01")]
    [InlineData("ReloadInterval", "00:00:00")]
    public void Intervals_out_of_range_fail_naming_them(string name, string value)
    {
        var options = new ServiceAuthOptions();
        options.Certificates.RevocationLists.Add("https://pki.example.com/ca.crl");
        var span = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        switch (name)
        {
            case "RevocationListRefreshInterval": options.Certificates.RevocationListRefreshInterval = span; break;
            case "RevocationListMaxStaleness": options.Certificates.RevocationListMaxStaleness = span; break;
            default: options.Certificates.ReloadInterval = span; break;
        }

        Assert.StartsWith($"ServiceAuth:Certificates:{name} must be", Assert.Single(Errors(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void AddServiceAuth_registers_the_checks_and_the_source()
    {
        var services = new ServiceCollection();
        services.AddServiceAuth(o =>
        {
            o.Authority = "https://issuer.example.com";
            o.Audience = "pricing-service";
            o.Certificates.RevocationLists.Add("ldap://ldap.example.com/cn=CA");
        });
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ServiceAuthOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.StartsWith($"{Key}:0 uses the scheme 'ldap'", StringComparison.Ordinal));
        Assert.Single(services, d => d.ServiceType == typeof(ICertificateRevocationSource));
        Assert.Single(services, d => d.ImplementationType == typeof(RevocationListRefresher));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static List<string> Errors(ServiceAuthOptions options)
    {
        var result = new RevocationListOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures.ToList() : [];
    }
}
