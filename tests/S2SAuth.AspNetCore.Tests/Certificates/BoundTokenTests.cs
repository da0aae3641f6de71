using System.Net;
using System.Net.Http.Json;
using S2SAuth.AspNetCore.Tests.Certificates.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Certificates;

/// <summary>
/// RFC 8705 certificate-bound tokens over real TLS: a bound token is accepted only over a connection whose client
/// certificate has its <c>x5t#S256</c>, under every policy; replayed with another certificate or none it is refused
/// with <c>token_binding_mismatch</c>; a bound-token endpoint refuses unbound tokens.
/// </summary>
public sealed class BoundTokenTests : IClassFixture<MtlsFixture>, IAsyncLifetime
{
    private readonly MtlsFixture _fixture;
    private MtlsApi _api = null!;

    public BoundTokenTests(MtlsFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync() => _api = await MtlsApi.StartAsync(_fixture.Issuer, _fixture.Server, [_fixture.Internal]);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("/bound")]
    [InlineData("/token")]
    [InlineData("/either")]
    public async Task Bound_token_with_its_certificate_is_accepted(string path)
    {
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = _api.Client(certificate);

        var response = await client.SendAsync(CertificateIdentityTests.WithServiceToken(path, Bound(certificate)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Caller("orders-service", nameof(ServiceCredentialKind.BoundToken), null), await response.Content.ReadFromJsonAsync<Caller>());
        Assert.Equal(ServiceCredentialKind.BoundToken, Assert.Single(_api.Audit.Events).ServiceCredential);
    }

    [Fact]
    public async Task Binding_needs_no_trust_bundle_a_self_signed_certificate_proves_possession()
    {
        using var certificate = TestCertificateAuthority.SelfSigned("orders-service");
        using var client = _api.Client(certificate);

        var response = await client.SendAsync(CertificateIdentityTests.WithServiceToken("/bound", Bound(certificate)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/bound")]
    [InlineData("/token")]
    [InlineData("/either")]
    public async Task Bound_token_replayed_with_another_certificate_is_refused(string path)
    {
        using var owner = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var thief = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = _api.Client(thief);
        var stolen = Bound(owner);

        var response = await client.SendAsync(CertificateIdentityTests.WithServiceToken(path, stolen));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenBindingMismatch);
        Assert.DoesNotContain(stolen, _api.Logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(stolen.Split('.')[2], _api.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bound_token_replayed_without_a_certificate_is_refused()
    {
        using var owner = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = _api.Client(null);

        var response = await client.SendAsync(CertificateIdentityTests.WithServiceToken("/token", Bound(owner)));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenBindingMismatch);
    }

    [Fact]
    public async Task Bound_token_endpoint_refuses_an_unbound_token_and_token_endpoint_takes_it()
    {
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = _api.Client(certificate);
        var unbound = _fixture.Issuer.ServiceToken("orders-service", MtlsApi.Audience, [MtlsApi.Activity]).Build();

        var bound = await client.SendAsync(CertificateIdentityTests.WithServiceToken("/bound", unbound));
        var plain = await client.SendAsync(CertificateIdentityTests.WithServiceToken("/token", unbound));

        await ProblemAssert.IsProblemAsync(bound, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenNotBound);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    public static TheoryData<string, object> UncheckableConfirmations() => new()
    {
        { "DPoP key thumbprint only", new Dictionary<string, string> { ["jkt"] = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I" } },
        { "thumbprint not base64url", new Dictionary<string, string> { ["x5t#S256"] = "not base64url!" } },
        { "thumbprint of the wrong length", new Dictionary<string, string> { ["x5t#S256"] = "AAAA" } },
        { "thumbprint not a string", new Dictionary<string, int> { ["x5t#S256"] = 7 } },
        { "cnf not an object", "x5t" },
    };

    [Theory]
    [MemberData(nameof(UncheckableConfirmations))]
    public async Task A_confirmation_that_cannot_be_checked_is_refused_not_ignored(string kind, object cnf)
    {
        Assert.NotNull(kind);
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = _api.Client(certificate);
        var token = _fixture.Issuer.ServiceToken("orders-service", MtlsApi.Audience, [MtlsApi.Activity]).Claim("cnf", cnf).Build();

        var response = await client.SendAsync(CertificateIdentityTests.WithServiceToken("/token", token));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenBindingUnsupported);
    }

    [Fact]
    public async Task Bound_user_token_is_checked_against_the_connection_too()
    {
        using var owner = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var other = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("billing-service"));
        var service = _fixture.Issuer.ServiceToken("orders-service", MtlsApi.Audience, [MtlsApi.Activity]).Build();
        var user = _fixture.Issuer.UserToken("alice", MtlsApi.Audience, "acme").BoundTo(owner).Build();

        using var withOwner = _api.Client(owner);
        using var withOther = _api.Client(other);
        var accepted = await withOwner.SendAsync(WithUser(service, user));
        var replayed = await withOther.SendAsync(WithUser(service, user));

        Assert.Equal("alice", (await accepted.Content.ReadFromJsonAsync<Caller>())!.User);
        await ProblemAssert.IsProblemAsync(replayed, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenBindingMismatch);
    }

    private static HttpRequestMessage WithUser(string service, string user)
    {
        var request = CertificateIdentityTests.WithServiceToken("/user", service);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + user);
        return request;
    }

    private string Bound(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        _fixture.Issuer.ServiceToken("orders-service", MtlsApi.Audience, [MtlsApi.Activity]).BoundTo(certificate).Build();
}
