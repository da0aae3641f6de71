using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using S2SAuth.AspNetCore.Tests.Certificates.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Certificates;

/// <summary>
/// Client certificates as the service credential, over real TLS on loopback: the chain to the trust bundle, validity,
/// usage, the X.509-SVID rules and the SPIFFE ID → service id mapping, each refusal with its own code and never a 500.
/// </summary>
public sealed class CertificateIdentityTests : IClassFixture<MtlsFixture>, IAsyncLifetime
{
    private readonly MtlsFixture _fixture;
    private MtlsApi _api = null!;

    public CertificateIdentityTests(MtlsFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync() => _api = await MtlsApi.StartAsync(_fixture.Issuer, _fixture.Server, [_fixture.Internal]);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Trusted_SPIFFE_certificate_proves_the_mapped_service_and_RequireActivity_uses_its_configured_scopes()
    {
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = _api.Client(certificate);

        var response = await client.GetAsync("/certificate");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<Caller>();
        Assert.Equal(new Caller("orders-service", nameof(ServiceCredentialKind.Certificate), null), caller);
        var decision = Assert.Single(_api.Audit.Events);
        Assert.Equal(AuditOutcome.Allowed, decision.Outcome);
        Assert.Equal(ServiceCredentialKind.Certificate, decision.ServiceCredential);
    }

    [Fact]
    public async Task A_service_without_configured_scopes_is_identified_and_refused_the_activity()
    {
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("billing-service"));
        using var client = _api.Client(certificate);

        var response = await client.GetAsync("/certificate");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing);
        var decision = Assert.Single(_api.Audit.Events);
        Assert.Equal("billing-service", decision.ServiceId);
        Assert.Equal(ServiceCredentialKind.Certificate, decision.ServiceCredential);
    }

    public static TheoryData<string, string> RefusedCertificates() => new()
    {
        { "untrusted CA", AuthErrorCodes.CertificateUntrusted },
        { "self-signed", AuthErrorCodes.CertificateUntrusted },
        { "expired", AuthErrorCodes.CertificateExpired },
        { "not yet valid", AuthErrorCodes.CertificateNotYetValid },
        { "no client-auth EKU", AuthErrorCodes.CertificateUsageInvalid },
        { "a CA as leaf", AuthErrorCodes.CertificateUsageInvalid },
        { "no SAN", AuthErrorCodes.CertificateIdentityInvalid },
        { "two URI SANs", AuthErrorCodes.CertificateIdentityInvalid },
        { "not a SPIFFE ID", AuthErrorCodes.CertificateIdentityInvalid },
        { "uppercase trust domain", AuthErrorCodes.CertificateIdentityInvalid },
        { "dot segment", AuthErrorCodes.CertificateIdentityInvalid },
        { "wrong trust domain", AuthErrorCodes.CertificateIdentityNotAllowed },
        { "path outside the template", AuthErrorCodes.CertificateIdentityNotAllowed },
    };

    [Theory]
    [MemberData(nameof(RefusedCertificates))]
    public async Task Refused_certificate_answers_401_with_its_code_and_leaks_nothing_of_it(string kind, string code)
    {
        using var certificate = Make(kind);
        using var client = _api.Client(certificate);

        var response = await client.GetAsync("/certificate");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, code);
        var decision = Assert.Single(_api.Audit.Events);
        Assert.Equal(code, decision.ReasonCode);
        Assert.Null(decision.ServiceId);
        var logs = _api.Logs.AllText();
        Assert.Contains(code, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(certificate.RawData)[..40], logs, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(certificate.Thumbprint, logs, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Certificate_endpoint_without_a_certificate_answers_certificate_missing()
    {
        using var client = _api.Client(null);

        var response = await client.GetAsync("/certificate");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.CertificateMissing);
    }

    [Fact]
    public async Task A_token_endpoint_is_not_opened_by_a_trusted_certificate()
    {
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = _api.Client(certificate);

        var response = await client.GetAsync("/token");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ServiceTokenMissing);
    }

    [Fact]
    public async Task Either_policy_takes_the_token_when_one_is_sent_and_the_certificate_otherwise()
    {
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = _api.Client(certificate);
        var token = _fixture.Issuer.ServiceToken("reporting-service", MtlsApi.Audience, [MtlsApi.Activity]).Build();

        var byCertificate = await client.GetFromJsonAsync<Caller>("/either");
        var byToken = await client.SendAsync(WithServiceToken("/either", token));

        Assert.Equal(new Caller("orders-service", nameof(ServiceCredentialKind.Certificate), null), byCertificate);
        Assert.Equal(new Caller("reporting-service", nameof(ServiceCredentialKind.Token), null), await byToken.Content.ReadFromJsonAsync<Caller>());
    }

    [Fact]
    public async Task Certificate_policy_refuses_a_service_token_naming_another_service()
    {
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = _api.Client(certificate);
        var same = _fixture.Issuer.ServiceToken("orders-service", MtlsApi.Audience, [MtlsApi.Activity]).Build();
        var other = _fixture.Issuer.ServiceToken("reporting-service", MtlsApi.Audience, [MtlsApi.Activity]).Build();

        var agreeing = await client.SendAsync(WithServiceToken("/certificate", same));
        var conflicting = await client.SendAsync(WithServiceToken("/certificate", other));

        Assert.Equal(HttpStatusCode.OK, agreeing.StatusCode);
        await ProblemAssert.IsProblemAsync(conflicting, HttpStatusCode.Unauthorized, AuthErrorCodes.CredentialConflict);
    }

    [Fact]
    public async Task Certificate_policy_still_refuses_a_bad_service_token_sent_along()
    {
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = _api.Client(certificate);
        var expired = _fixture.Issuer.ServiceToken("orders-service", MtlsApi.Audience, [MtlsApi.Activity]).ExpiresIn(TimeSpan.FromMinutes(-5)).Build();

        var response = await client.SendAsync(WithServiceToken("/certificate", expired));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenExpired);
    }

    [Fact]
    public async Task The_certificate_is_validated_once_per_connection_not_per_request()
    {
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = _api.Client(certificate);
        var cache = (S2SAuth.Certificates.CertificateIdentityCache)_api.Services.GetService(typeof(S2SAuth.Certificates.CertificateIdentityCache))!;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/certificate")).StatusCode);
        }

        Assert.Equal(1, cache.Validations);
    }

    internal static HttpRequestMessage WithServiceToken(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("X-Service-Token", token);
        return request;
    }

    private X509Certificate2 Make(string kind)
    {
        var ca = _fixture.Internal;
        var orders = MtlsFixture.Spiffe("orders-service");
        var now = DateTimeOffset.UtcNow;
        return kind switch
        {
            "untrusted CA" => _fixture.Other.IssueSpiffe(orders),
            "self-signed" => TestCertificateAuthority.SelfSigned("orders", s => s.Uris.Add(orders)),
            "expired" => ca.IssueSpiffe(orders, s => (s.NotBefore, s.NotAfter) = (now.AddDays(-10), now.AddDays(-1))),
            "not yet valid" => ca.IssueSpiffe(orders, s => (s.NotBefore, s.NotAfter) = (now.AddDays(1), now.AddDays(10))),
            "no client-auth EKU" => ca.IssueSpiffe(orders, s => (s.ClientAuthentication, s.ServerAuthentication) = (false, true)),
            "a CA as leaf" => ca.IssueSpiffe(orders, s => s.IsCertificateAuthority = true),
            "no SAN" => ca.Issue("orders"),
            "two URI SANs" => ca.IssueSpiffe(orders, s => s.Uris.Add(MtlsFixture.Spiffe("billing-service"))),
            "not a SPIFFE ID" => ca.Issue("orders", s => s.Uris.Add("https://prod.example.org/ns/shop/sa/orders-service")),
            "uppercase trust domain" => ca.IssueSpiffe("spiffe://Prod.example.org/ns/shop/sa/orders-service"),
            "dot segment" => ca.IssueSpiffe("spiffe://prod.example.org/ns/../sa/orders-service"),
            "wrong trust domain" => ca.IssueSpiffe(MtlsFixture.Spiffe("orders-service", "staging.example.org")),
            "path outside the template" => ca.IssueSpiffe("spiffe://prod.example.org/orders-service"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
