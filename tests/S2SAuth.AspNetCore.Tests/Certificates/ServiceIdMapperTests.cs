using Microsoft.Extensions.Options;
using S2SAuth.Certificates;

namespace S2SAuth.AspNetCore.Tests.Certificates;

/// <summary>SPIFFE ID and DNS name → service id: exact entries first, then the path template, else the ID itself; scopes by service id.</summary>
public sealed class ServiceIdMapperTests
{
    [Theory]
    [InlineData("spiffe://prod.example.org/ns/shop/sa/orders", "orders-service")]
    [InlineData("spiffe://prod.example.org/ns/billing/sa/invoices", "invoices")]
    public void Exact_entry_then_template(string id, string service) =>
        Assert.Equal(service, Mapper(template: "/ns/*/sa/{service}").MapSpiffeId(id).ServiceId);

    [Fact]
    public void Without_entry_or_template_the_service_id_is_the_SPIFFE_ID_itself() =>
        Assert.Equal("spiffe://prod.example.org/anything/at/all", Mapper().MapSpiffeId("spiffe://prod.example.org/anything/at/all").ServiceId);

    [Theory]
    [InlineData("spiffe://prod.example.org/ns/shop/orders", AuthErrorCodes.CertificateIdentityNotAllowed)]
    [InlineData("spiffe://prod.example.org/other/shop/sa/orders", AuthErrorCodes.CertificateIdentityNotAllowed)]
    [InlineData("spiffe://staging.example.org/ns/shop/sa/orders", AuthErrorCodes.CertificateIdentityNotAllowed)]
    [InlineData("spiffe://prod.example.org/ns/shop/sa/", AuthErrorCodes.CertificateIdentityInvalid)]
    public void Unmatched_or_invalid_ids_are_refused_with_their_code(string id, string code)
    {
        var mapping = Mapper(template: "/ns/*/sa/{service}").MapSpiffeId(id);

        Assert.False(mapping.Succeeded);
        Assert.Equal(code, mapping.Code);
    }

    [Fact]
    public void DNS_names_map_case_insensitively_and_unmapped_names_are_not_allowed()
    {
        var mapper = Mapper();

        Assert.Equal("orders-service", mapper.MapDnsNames(["other.example", "ORDERS.internal.example"]).ServiceId);
        Assert.Equal(AuthErrorCodes.CertificateIdentityNotAllowed, mapper.MapDnsNames(["billing.internal.example"]).Code);
        Assert.Equal(AuthErrorCodes.CertificateIdentityInvalid, mapper.MapDnsNames([]).Code);
    }

    [Fact]
    public void Identity_has_the_configured_scopes_the_credential_and_no_tenant()
    {
        var identity = Mapper().CreateIdentity("orders-service", ServiceCredentialKind.Certificate, DateTimeOffset.UnixEpoch);
        var unknown = Mapper().CreateIdentity("billing-service", ServiceCredentialKind.SpiffeJwt, DateTimeOffset.UnixEpoch);

        Assert.Equal(["price.read"], identity.Scopes);
        Assert.Equal(ServiceCredentialKind.Certificate, identity.Credential);
        Assert.Null(identity.TenantId);
        Assert.Empty(unknown.Scopes);
    }

    [Theory]
    [InlineData("/ns/*/sa/{service}", true)]
    [InlineData("{service}", true)]
    [InlineData("/ns/{service}/sa/{service}", false)]
    [InlineData("/ns/*/sa", false)]
    [InlineData("/ns//{service}", false)]
    public void Templates_need_exactly_one_service_segment(string template, bool valid) =>
        Assert.Equal(valid, ServiceIdMapper.IsValidTemplate(template));

    private static ServiceIdMapper Mapper(string? template = null)
    {
        var options = new ServiceAuthOptions
        {
            Spiffe = new SpiffeOptions
            {
                TrustDomains = ["prod.example.org"],
                ServiceIds = new Dictionary<string, string> { ["spiffe://prod.example.org/ns/shop/sa/orders"] = "orders-service" },
                PathTemplate = template,
            },
            ServiceScopes = new Dictionary<string, IList<string>> { ["orders-service"] = ["price.read"] },
        };
        options.Certificates.DnsNames["orders.internal.example"] = "orders-service";
        return new ServiceIdMapper(Options.Create(options));
    }
}
