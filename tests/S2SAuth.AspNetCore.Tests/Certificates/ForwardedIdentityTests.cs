using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using S2SAuth.AspNetCore.Tests.Certificates.Framework;

namespace S2SAuth.AspNetCore.Tests.Certificates;

/// <summary>
/// Mesh-attested callers end to end, over real TLS: the identity a trusted proxy forwards (Envoy XFCC, RFC 9440
/// <c>Client-Cert</c>) proves the service through the same mapping, scopes, audit and binding rules as a direct
/// certificate; from a source that is not a trusted proxy the header counts for nothing.
/// </summary>
public sealed class ForwardedIdentityTests : IClassFixture<MtlsFixture>
{
    private readonly MtlsFixture _fixture;

    public ForwardedIdentityTests(MtlsFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task XFCC_from_the_trusted_sidecar_proves_the_forwarded_service()
    {
        await using var api = await Start("EnvoyXfcc", "127.0.0.1");
        using var caller = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var sidecar = api.Client(null);

        var response = await sidecar.SendAsync(Xfcc("/certificate", caller));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Caller("orders-service", nameof(ServiceCredentialKind.ForwardedCertificate), null), await response.Content.ReadFromJsonAsync<Caller>());
        Assert.Equal(ServiceCredentialKind.ForwardedCertificate, Assert.Single(api.Audit.Events).ServiceCredential);
    }

    [Fact]
    public async Task XFCC_from_an_untrusted_address_is_ignored_and_logged_without_its_value()
    {
        await using var api = await Start("EnvoyXfcc", "10.0.0.0/8");
        using var caller = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var attacker = api.Client(null);
        var request = Xfcc("/certificate", caller);
        var header = request.Headers.GetValues("X-Forwarded-Client-Cert").Single();

        var response = await attacker.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.CertificateMissing);
        var logs = api.Logs.AllText();
        Assert.Contains("X-Forwarded-Client-Cert", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(header, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Hex(caller), logs, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_spoofed_header_sent_to_a_token_endpoint_is_screened_and_logged_too()
    {
        await using var api = await Start("EnvoyXfcc", "10.0.0.0/8");
        using var caller = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var attacker = api.Client(null);
        var request = Xfcc("/token", caller);
        request.Headers.TryAddWithoutValidation("X-Service-Token", _fixture.Issuer.ServiceToken("orders-service", MtlsApi.Audience, [MtlsApi.Activity]).Build());

        var response = await attacker.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(api.Logs.Entries, e => e.Message.Contains("X-Forwarded-Client-Cert", StringComparison.Ordinal) && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task A_bound_token_behind_the_mesh_is_checked_against_the_forwarded_hash()
    {
        await using var api = await Start("EnvoyXfcc", "127.0.0.1");
        using var caller = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var other = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var sidecar = api.Client(null);
        var bound = _fixture.Issuer.ServiceToken("orders-service", MtlsApi.Audience, [MtlsApi.Activity]).BoundTo(caller).Build();

        var own = Xfcc("/bound", caller);
        own.Headers.TryAddWithoutValidation("X-Service-Token", bound);
        var replayed = Xfcc("/bound", other);
        replayed.Headers.TryAddWithoutValidation("X-Service-Token", bound);

        Assert.Equal(HttpStatusCode.OK, (await sidecar.SendAsync(own)).StatusCode);
        await ProblemAssert.IsProblemAsync(await sidecar.SendAsync(replayed), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenBindingMismatch);
    }

    [Fact]
    public async Task RFC_9440_Client_Cert_from_the_trusted_gateway_is_validated_against_the_trust_bundle()
    {
        await using var api = await Start("ClientCert", "127.0.0.1");
        using var trusted = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var untrusted = _fixture.Other.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var gateway = api.Client(null);

        var accepted = await gateway.SendAsync(ClientCert("/certificate", trusted));
        var refused = await gateway.SendAsync(ClientCert("/certificate", untrusted));

        Assert.Equal(new Caller("orders-service", nameof(ServiceCredentialKind.ForwardedCertificate), null), await accepted.Content.ReadFromJsonAsync<Caller>());
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, AuthErrorCodes.CertificateUntrusted);
    }

    [Fact]
    public async Task A_malformed_header_from_the_trusted_proxy_is_refused_not_a_500()
    {
        await using var api = await Start("EnvoyXfcc", "127.0.0.1");
        using var sidecar = api.Client(null);
        var request = new HttpRequestMessage(HttpMethod.Get, "/certificate");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Client-Cert", "Hash=zz;URI=\"unterminated");

        await ProblemAssert.IsProblemAsync(await sidecar.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.CertificateIdentityInvalid);
    }

    [Fact]
    public async Task A_gateway_is_trusted_by_its_own_validated_certificate_and_an_unlisted_one_speaks_only_for_itself()
    {
        var gatewayId = $"spiffe://{MtlsApi.TrustDomain}/ns/edge/sa/gateway";
        await using var api = await MtlsApi.StartAsync(_fixture.Issuer, _fixture.Server, [_fixture.Internal], new Dictionary<string, string?>
        {
            ["ServiceAuth:Certificates:Forwarded:Header"] = "EnvoyXfcc",
            ["ServiceAuth:Certificates:Forwarded:TrustedProxies:0"] = "10.0.0.0/8",
            ["ServiceAuth:Certificates:Forwarded:TrustedProxyIds:0"] = gatewayId,
        });
        using var caller = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var gatewayCertificate = _fixture.Internal.IssueSpiffe(gatewayId);
        using var impostorCertificate = _fixture.Internal.IssueSpiffe($"spiffe://{MtlsApi.TrustDomain}/ns/edge/sa/impostor");
        using var gateway = api.Client(gatewayCertificate);
        using var impostor = api.Client(impostorCertificate);

        var forwarded = await gateway.SendAsync(Xfcc("/certificate", caller, gatewayId));
        var ownIdentity = await impostor.SendAsync(Xfcc("/certificate", caller, gatewayId));

        Assert.Equal(new Caller("orders-service", nameof(ServiceCredentialKind.ForwardedCertificate), null), await forwarded.Content.ReadFromJsonAsync<Caller>());
        await ProblemAssert.IsProblemAsync(ownIdentity, HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing);
        Assert.Contains(api.Audit.Events, e => e.ServiceId == "impostor" && e.ServiceCredential == ServiceCredentialKind.Certificate);
    }

    private Task<MtlsApi> Start(string header, string trustedProxy) =>
        MtlsApi.StartAsync(_fixture.Issuer, _fixture.Server, [_fixture.Internal], new Dictionary<string, string?>
        {
            ["ServiceAuth:Certificates:Forwarded:Header"] = header,
            ["ServiceAuth:Certificates:Forwarded:TrustedProxies:0"] = trustedProxy,
        });

    private static HttpRequestMessage Xfcc(string path, X509Certificate2 caller, string? by = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Client-Cert",
            $"By={by ?? $"spiffe://{MtlsApi.TrustDomain}/ns/shop/sa/pricing-service"};Hash={Hex(caller)};URI={MtlsFixture.Spiffe("orders-service")}");
        return request;
    }

    private static HttpRequestMessage ClientCert(string path, X509Certificate2 caller)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Client-Cert", ":" + Convert.ToBase64String(caller.RawData) + ":");
        return request;
    }

    private static string Hex(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
}
