using CsCheck;
using S2SAuth.AspNetCore.Tests.Certificates.Framework;
using S2SAuth.AspNetCore.Tests.ForwardedCertificates;
using S2SAuth.ForwardedCertificates;

namespace S2SAuth.AspNetCore.Tests.Fuzz.Credentials;

/// <summary>
/// Hostile forwarded client-certificate headers from the trusted proxy (the test client on 127.0.0.1, over real TLS to
/// <see cref="MtlsApi"/>, as the forwarded-identity tests run): Envoy's X-Forwarded-Client-Cert (Hash, Cert as URL-encoded
/// PEM, URI as a SPIFFE id, several elements) and RFC 9440's Client-Cert / Client-Cert-Chain (byte sequences), random or a
/// valid value mutated. Each answer is the caller's identity or a 401/403 problem with a documented code, never a 500 or a hang.
/// </summary>
public sealed class ForwardedCertificateFuzzTests : IClassFixture<MtlsFixture>
{
    private static readonly string Sidecar = MtlsFixture.Spiffe("pricing-service");
    private static readonly string Orders = MtlsFixture.Spiffe("orders-service");
    private readonly MtlsFixture _fixture;

    public ForwardedCertificateFuzzTests(MtlsFixture fixture) => _fixture = fixture;

    private Task<MtlsApi> StartAsync(string header) =>
        MtlsApi.StartAsync(_fixture.Issuer, _fixture.Server, [_fixture.Internal], new Dictionary<string, string?>
        {
            ["ServiceAuth:Certificates:Forwarded:Header"] = header,
            ["ServiceAuth:Certificates:Forwarded:TrustedProxies:0"] = "127.0.0.1",
        });

    [Fact]
    public async Task Hostile_XFCC_from_the_trusted_proxy_is_an_identity_or_a_documented_refusal()
    {
        await using var api = await StartAsync("EnvoyXfcc");
        using var caller = _fixture.Internal.IssueSpiffe(Orders);
        using var other = _fixture.Other.IssueSpiffe(Orders);
        using var sidecar = api.Client(null);
        var full = $"By={Sidecar};Hash={Xfcc.Hash(caller)};Cert={Xfcc.Pem(caller)};Chain={Xfcc.Pem(caller, _fixture.Internal.Certificate)};Subject=\"{caller.Subject}\";URI={Orders};DNS=orders.shop.svc";
        var attested = Xfcc.Element(Sidecar, caller, Orders);
        var pem = caller.ExportCertificatePem();
        var gen = Gen.OneOf(
            HostileText.Hostile(full, HostileText.AsciiChar),
            HostileText.Hostile(attested, HostileText.AsciiChar),
            // Inside the Cert value: a truncated or altered PEM, wrong base64, URL-encoded or not.
            HostileText.Mutated(pem, HostileText.AsciiChar).Select(p => $"By={Sidecar};Hash={Xfcc.Hash(caller)};Cert=\"{Uri.EscapeDataString(p)}\""),
            HostileText.Mutated(pem, HostileText.AsciiChar).Select(p => $"By={Sidecar};Cert=\"{p.Replace("\n", "", StringComparison.Ordinal)}\""),
            // The SPIFFE id in URI=.
            HostileText.Hostile(Orders, HostileText.AsciiChar).Select(u => $"By={Sidecar};Hash={Xfcc.Hash(caller)};URI={u}"),
            HostileText.Hostile(Orders, HostileText.AsciiChar).Select(u => $"By={Sidecar};Hash={Xfcc.Hash(caller)};URI=\"{u}\""),
            // Several elements (the proxy's and earlier hops'), an untrusted certificate among them.
            Gen.Int[2, 40].Select(n => string.Join(',', Enumerable.Repeat(attested, n))),
            HostileText.Mutated($"{attested},By={Sidecar};Hash={Xfcc.Hash(other)};Cert={Xfcc.Pem(other)}", HostileText.AsciiChar));

        await FuzzRun.CheckAsync(gen, async value =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/certificate");
            request.Headers.TryAddWithoutValidation(ForwardedCertificateReader.XfccHeaderName, value);
            using var response = await FuzzRun.SendAsync(sidecar, request);
            await FuzzRun.SuccessOrRefusalAsync(response, api.Logs);
        }, print: Print);
    }

    [Fact]
    public async Task Hostile_Client_Cert_and_chain_from_the_trusted_proxy_are_an_identity_or_a_documented_refusal()
    {
        await using var api = await StartAsync("ClientCert");
        using var caller = _fixture.Internal.IssueSpiffe(Orders);
        using var sidecar = api.Client(null);
        var cert = ":" + Convert.ToBase64String(caller.RawData) + ":";
        var chain = ":" + Convert.ToBase64String(_fixture.Internal.Certificate.RawData) + ":";
        var certificate = Gen.Frequency(
            (6, HostileText.Hostile(cert, HostileText.AsciiChar)),
            (1, Gen.Byte.Array[0, 3000].Select(b => ":" + Convert.ToBase64String(b) + ":")), // random DER
            (1, Gen.Const(cert)));
        var chains = Gen.Frequency(
            (3, Gen.Const((string?)null)),
            (3, HostileText.Hostile($"{chain}, {chain}", HostileText.AsciiChar).Select(c => (string?)c)),
            (1, Gen.Int[2, 200].Select(n => (string?)string.Join(", ", Enumerable.Repeat(chain, n)))));

        await FuzzRun.CheckAsync(Gen.Select(certificate, chains), async c =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/certificate");
            request.Headers.TryAddWithoutValidation(ForwardedCertificateReader.ClientCertHeaderName, c.Item1);
            if (c.Item2 is not null)
            {
                request.Headers.TryAddWithoutValidation(ForwardedCertificateReader.ClientCertChainHeaderName, c.Item2);
            }

            using var response = await FuzzRun.SendAsync(sidecar, request);
            await FuzzRun.SuccessOrRefusalAsync(response, api.Logs);
        }, print: c => Print(c.Item1) + " | chain " + Print(c.Item2 ?? "(none)"));
    }

    private static string Print(string value) => value.Length <= 300 ? value : $"{value[..300]}... ({value.Length} chars)";
}
