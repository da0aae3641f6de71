using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.ForwardedCertificates;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.ForwardedCertificates;

/// <summary>The reader's decisions on one request: trust, what is read from each header, refusals, the warning, the cache.</summary>
public sealed class ForwardedCertificateReaderTests : IDisposable
{
    private const string Sidecar = "spiffe://cluster.local/ns/shop/sa/pricing";
    private const string Orders = "spiffe://cluster.local/ns/shop/sa/orders";
    private const string Gateway = "spiffe://cluster.local/ns/istio-system/sa/gateway";

    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private readonly LogCapture _logs = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => _ca.Dispose();

    private ForwardedCertificateReader Reader(ForwardedCertificateHeader header = ForwardedCertificateHeader.EnvoyXfcc,
        string[]? proxies = null, string[]? ids = null, IConnectionIdentity? connection = null)
    {
        var options = new ServiceAuthOptions();
        options.Certificates.Forwarded = new ForwardedCertificateOptions
        {
            Header = header,
            TrustedProxies = proxies ?? ["127.0.0.6"],
            TrustedProxyIds = ids ?? [],
        };
        using var factory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        return new ForwardedCertificateReader(Options.Create(options), factory.CreateLogger<ForwardedCertificateReader>(), _time, connection);
    }

    private static DefaultHttpContext Request(string remote = "127.0.0.6", params (string Name, string Value)[] headers)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        foreach (var group in headers.GroupBy(h => h.Name))
        {
            http.Request.Headers[group.Key] = group.Select(h => h.Value).ToArray();
        }

        return http;
    }

    private static (string, string) XfccHeader(string value) => (ForwardedCertificateReader.XfccHeaderName, value);

    [Fact]
    public void Feature_off_reads_nothing_even_from_a_trusted_proxy()
    {
        using var client = _ca.IssueSpiffe(Orders);
        var result = Reader(ForwardedCertificateHeader.None).Read(Request(headers: XfccHeader(Xfcc.Element(Sidecar, client, Orders))));

        Assert.Equal(ForwardedCertificateOutcome.NotForwarded, result.Outcome);
    }

    [Fact]
    public void No_header_is_not_forwarded()
    {
        Assert.Equal(ForwardedCertificateOutcome.NotForwarded, Reader().Read(Request()).Outcome);
    }

    [Fact]
    public void XFCC_from_a_trusted_proxy_gives_the_attested_URI_and_the_hash()
    {
        using var client = _ca.IssueSpiffe(Orders);
        var result = Reader().Read(Request(headers: XfccHeader(Xfcc.Element(Sidecar, client, Orders) + ";DNS=orders.shop.svc")));

        Assert.Equal(ForwardedCertificateOutcome.Forwarded, result.Outcome);
        var presented = result.Certificate!;
        Assert.Equal(ServiceCredentialKind.ForwardedCertificate, presented.Kind);
        Assert.Null(presented.Certificate);
        Assert.Equal(Orders, presented.AttestedUri);
        Assert.Equal(["orders.shop.svc"], presented.AttestedDnsNames);
        Assert.Equal(SHA256.HashData(client.RawData), presented.Sha256Thumbprint);
    }

    [Fact]
    public void XFCC_with_Cert_gives_the_certificate_itself()
    {
        using var client = _ca.IssueSpiffe(Orders);
        var header = $"By={Sidecar};Hash={Xfcc.Hash(client)};Cert={Xfcc.Pem(client)};URI={Orders}";

        var result = Reader().Read(Request(headers: XfccHeader(header)));

        Assert.Equal(ForwardedCertificateOutcome.Forwarded, result.Outcome);
        Assert.Equal(client.RawData, result.Certificate!.Certificate!.RawData);
        Assert.Null(result.Certificate.AttestedUri); // the certificate's own SAN counts
        Assert.Equal(SHA256.HashData(client.RawData), result.Certificate.Sha256Thumbprint);
        Assert.Empty(result.Certificate.Chain);
    }

    [Fact]
    public void XFCC_Chain_gives_the_leaf_and_the_rest_as_the_chain()
    {
        using var client = _ca.IssueSpiffe(Orders);
        var header = $"By={Sidecar};Hash={Xfcc.Hash(client)};Chain={Xfcc.Pem(client, _ca.Certificate)}";

        var result = Reader().Read(Request(headers: XfccHeader(header)));

        Assert.Equal(ForwardedCertificateOutcome.Forwarded, result.Outcome);
        Assert.Equal(client.RawData, result.Certificate!.Certificate!.RawData);
        Assert.Equal(_ca.Certificate.RawData, Assert.Single(result.Certificate.Chain).RawData);
    }

    [Fact]
    public void A_Cert_that_does_not_match_its_Hash_is_refused()
    {
        using var client = _ca.IssueSpiffe(Orders);
        using var other = _ca.IssueSpiffe(Orders);
        var header = $"By={Sidecar};Hash={Xfcc.Hash(other)};Cert={Xfcc.Pem(client)}";

        var result = Reader().Read(Request(headers: XfccHeader(header)));

        Assert.Equal(ForwardedCertificateOutcome.Malformed, result.Outcome);
        Assert.Equal(AuthErrorCodes.CertificateIdentityInvalid, result.Code);
        Assert.Contains("does not match its Hash", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"not%20pem\"")]
    [InlineData("\"-----BEGIN%20PRIVATE%20KEY-----%0AMIIB%0A-----END%20PRIVATE%20KEY-----%0A\"")]
    [InlineData("\"-----BEGIN%20CERTIFICATE-----%0AMIIBAAAA%0A-----END%20CERTIFICATE-----%0A\"")]
    public void A_Cert_that_is_not_one_PEM_certificate_is_refused(string cert)
    {
        using var client = _ca.IssueSpiffe(Orders);

        var result = Reader().Read(Request(headers: XfccHeader($"Hash={Xfcc.Hash(client)};Cert={cert}")));

        Assert.Equal(ForwardedCertificateOutcome.Malformed, result.Outcome);
        Assert.Equal(AuthErrorCodes.CertificateIdentityInvalid, result.Code);
    }

    [Fact]
    public void Two_certificates_in_Cert_are_refused()
    {
        using var client = _ca.IssueSpiffe(Orders);

        var result = Reader().Read(Request(headers: XfccHeader($"Hash={Xfcc.Hash(client)};Cert={Xfcc.Pem(client, client)}")));

        Assert.Equal(ForwardedCertificateOutcome.Malformed, result.Outcome);
    }

    [Fact]
    public void Several_URI_SANs_are_identity_invalid()
    {
        using var client = _ca.IssueSpiffe(Orders);

        var result = Reader().Read(Request(headers: XfccHeader(Xfcc.Element(Sidecar, client, Orders) + ";URI=spiffe://cluster.local/ns/shop/sa/admin")));

        Assert.Equal(ForwardedCertificateOutcome.Malformed, result.Outcome);
        Assert.Equal(AuthErrorCodes.CertificateIdentityInvalid, result.Code);
        Assert.Contains("more than one URI SAN", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_twice_is_malformed()
    {
        using var client = _ca.IssueSpiffe(Orders);
        var element = Xfcc.Element(Sidecar, client, Orders);

        var result = Reader().Read(Request(headers: [XfccHeader(element), XfccHeader(element)]));

        Assert.Equal(ForwardedCertificateOutcome.Malformed, result.Outcome);
        Assert.Contains("more than once", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void From_an_untrusted_address_the_header_is_ignored_removed_and_logged_without_its_value()
    {
        using var client = _ca.IssueSpiffe(Orders);
        var http = Request("10.9.8.7", XfccHeader(Xfcc.Element(Sidecar, client, Orders)));

        var result = Reader().Read(http);

        Assert.Equal(ForwardedCertificateOutcome.Ignored, result.Outcome);
        Assert.False(http.Request.Headers.ContainsKey(ForwardedCertificateReader.XfccHeaderName));
        var line = Assert.Single(_logs.Entries, e => e.EventId.Id == 1650);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("X-Forwarded-Client-Cert", line.Message, StringComparison.Ordinal);
        Assert.Contains("10.9.8.7", line.Message, StringComparison.Ordinal);
        var all = _logs.AllText();
        Assert.DoesNotContain(Xfcc.Hash(client), all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Orders, all, StringComparison.Ordinal);
        Assert.DoesNotContain(Sidecar, all, StringComparison.Ordinal);
    }

    [Fact]
    public void The_warning_is_rate_limited_and_counts_what_it_left_out()
    {
        using var client = _ca.IssueSpiffe(Orders);
        var reader = Reader();
        var header = XfccHeader(Xfcc.Element(Sidecar, client, Orders));

        reader.Read(Request("10.0.0.1", header));
        reader.Read(Request("10.0.0.2", header));
        reader.Read(Request("10.0.0.3", header));
        Assert.Single(_logs.Entries, e => e.EventId.Id == 1650);

        _time.Advance(IgnoredHeaderWarnings.Interval);
        reader.Read(Request("10.0.0.4", header));

        var lines = _logs.Entries.Where(e => e.EventId.Id == 1650).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("2", lines[1].Values["Suppressed"]);
        Assert.Contains("10.0.0.4", lines[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_twice_on_one_request_gives_the_same_result_and_one_log_line()
    {
        using var client = _ca.IssueSpiffe(Orders);
        var reader = Reader();
        var http = Request("10.9.8.7", XfccHeader(Xfcc.Element(Sidecar, client, Orders)));

        var first = reader.Read(http);
        var second = reader.Read(http);

        Assert.Same(first, second);
        Assert.Equal(ForwardedCertificateOutcome.Ignored, second.Outcome);
        Assert.Single(_logs.Entries, e => e.EventId.Id == 1650);
    }

    [Fact]
    public void With_TrustedProxyIds_the_element_must_be_By_one_of_them()
    {
        using var client = _ca.IssueSpiffe(Orders);
        var reader = Reader(ids: [Sidecar]);

        var attested = reader.Read(Request(headers: XfccHeader(Xfcc.Element(Sidecar, client, Orders))));
        var other = reader.Read(Request(headers: XfccHeader(Xfcc.Element("spiffe://cluster.local/ns/shop/sa/other", client, Orders))));
        var none = reader.Read(Request(headers: XfccHeader($"Hash={Xfcc.Hash(client)};URI={Orders}")));

        Assert.Equal(ForwardedCertificateOutcome.Forwarded, attested.Outcome);
        Assert.Equal(ForwardedCertificateOutcome.Malformed, other.Outcome);
        Assert.Equal(AuthErrorCodes.CertificateIdentityNotAllowed, other.Code);
        Assert.Equal(ForwardedCertificateOutcome.Malformed, none.Outcome);
        Assert.Equal(AuthErrorCodes.CertificateIdentityNotAllowed, none.Code);
    }

    [Fact]
    public void A_proxy_is_trusted_by_its_validated_connection_SPIFFE_ID()
    {
        using var client = _ca.IssueSpiffe(Orders);
        var header = XfccHeader(Xfcc.Element(Gateway, client, Orders));

        var byId = Reader(proxies: ["10.0.0.0/8"], ids: [Gateway], connection: new FixedIdentity(Gateway)).Read(Request("172.16.0.9", header));
        var otherId = Reader(proxies: ["10.0.0.0/8"], ids: [Gateway], connection: new FixedIdentity(Orders)).Read(Request("172.16.0.9", header));
        var notValidated = Reader(proxies: ["10.0.0.0/8"], ids: [Gateway], connection: new FixedIdentity(null)).Read(Request("172.16.0.9", header));
        var noValidator = Reader(proxies: ["10.0.0.0/8"], ids: [Gateway]).Read(Request("172.16.0.9", header));

        Assert.Equal(ForwardedCertificateOutcome.Forwarded, byId.Outcome);
        Assert.Equal(Orders, byId.Certificate!.AttestedUri);
        Assert.Equal(ForwardedCertificateOutcome.Ignored, otherId.Outcome);
        Assert.Equal(ForwardedCertificateOutcome.Ignored, notValidated.Outcome);
        Assert.Equal(ForwardedCertificateOutcome.Ignored, noValidator.Outcome);
    }

    [Fact]
    public void RFC_9440_Client_Cert_from_a_trusted_proxy_gives_the_certificate_and_chain()
    {
        var http = Request(headers: [(ForwardedCertificateReader.ClientCertHeaderName, Rfc9440Example.ClientCert),
            (ForwardedCertificateReader.ClientCertChainHeaderName, Rfc9440Example.Intermediate),
            (ForwardedCertificateReader.ClientCertChainHeaderName, Rfc9440Example.Root)]);

        var result = Reader(ForwardedCertificateHeader.ClientCert).Read(http);

        Assert.Equal(ForwardedCertificateOutcome.Forwarded, result.Outcome);
        Assert.Equal(ServiceCredentialKind.ForwardedCertificate, result.Certificate!.Kind);
        Assert.Equal("CN=BC", result.Certificate.Certificate!.Subject);
        Assert.Equal(Rfc9440Example.ClientCertSha256, Convert.ToHexStringLower(result.Certificate.Sha256Thumbprint));
        Assert.Equal(2, result.Certificate.Chain.Count);
        Assert.Null(result.Certificate.AttestedUri);
    }

    [Theory]
    [InlineData(":MIIBqDCCAU6gAwIBAgIBBzAK:")] // base64, but not a certificate
    [InlineData("MIIBqDCCAU6gAwIBAgIBBzAK")]
    [InlineData("")]
    public void A_malformed_Client_Cert_from_a_trusted_proxy_is_refused(string value)
    {
        var result = Reader(ForwardedCertificateHeader.ClientCert).Read(Request(headers: (ForwardedCertificateReader.ClientCertHeaderName, value)));

        Assert.Equal(ForwardedCertificateOutcome.Malformed, result.Outcome);
        Assert.Equal(AuthErrorCodes.CertificateIdentityInvalid, result.Code);
    }

    [Fact]
    public void A_Client_Cert_Chain_without_Client_Cert_is_refused_from_a_proxy_and_ignored_from_others()
    {
        var chain = (ForwardedCertificateReader.ClientCertChainHeaderName, Rfc9440Example.ClientCertChain);
        var reader = Reader(ForwardedCertificateHeader.ClientCert);

        Assert.Equal(ForwardedCertificateOutcome.Malformed, reader.Read(Request(headers: chain)).Outcome);
        Assert.Equal(ForwardedCertificateOutcome.Ignored, reader.Read(Request("10.0.0.1", chain)).Outcome);
    }

    [Fact]
    public void Client_Cert_from_an_untrusted_address_is_ignored_and_both_headers_removed()
    {
        var http = Request("192.0.2.1", (ForwardedCertificateReader.ClientCertHeaderName, Rfc9440Example.ClientCert),
            (ForwardedCertificateReader.ClientCertChainHeaderName, Rfc9440Example.ClientCertChain));

        var result = Reader(ForwardedCertificateHeader.ClientCert).Read(http);

        Assert.Equal(ForwardedCertificateOutcome.Ignored, result.Outcome);
        Assert.False(http.Request.Headers.ContainsKey(ForwardedCertificateReader.ClientCertHeaderName));
        Assert.False(http.Request.Headers.ContainsKey(ForwardedCertificateReader.ClientCertChainHeaderName));
        Assert.Contains("Client-Cert", Assert.Single(_logs.Entries, e => e.EventId.Id == 1650).Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIB", _logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_forwarded_certificate_is_parsed_once()
    {
        var reader = Reader(ForwardedCertificateHeader.ClientCert);
        var header = (ForwardedCertificateReader.ClientCertHeaderName, Rfc9440Example.ClientCert);

        var first = reader.Read(Request(headers: header));
        var second = reader.Read(Request(headers: header));
        var withChain = reader.Read(Request(headers: [header, (ForwardedCertificateReader.ClientCertChainHeaderName, Rfc9440Example.ClientCertChain)]));

        Assert.Same(first.Certificate, second.Certificate);
        Assert.NotSame(first.Certificate, withChain.Certificate);
        Assert.Equal(2, withChain.Certificate!.Chain.Count);
    }

    [Fact]
    public void The_same_XFCC_is_read_once_but_trust_is_decided_on_every_request()
    {
        using var client = _ca.IssueSpiffe(Orders);
        var reader = Reader();
        var header = XfccHeader($"By={Sidecar};Hash={Xfcc.Hash(client)};Cert={Xfcc.Pem(client)}");

        var first = reader.Read(Request(headers: header));
        var second = reader.Read(Request(headers: header));
        var untrusted = reader.Read(Request("10.0.0.1", header));

        Assert.Same(first.Certificate, second.Certificate);
        Assert.Equal(ForwardedCertificateOutcome.Ignored, untrusted.Outcome);

        var malformed = XfccHeader($"Hash={Xfcc.Hash(client)};URI=spiffe://a/b;URI=spiffe://a/c");
        Assert.NotSame(reader.Read(Request(headers: malformed)), reader.Read(Request(headers: malformed))); // refusals are not kept
    }

    [Fact]
    public void The_result_cache_is_bounded()
    {
        var cache = new ForwardedResultCache(maxEntries: 3);
        var result = ForwardedCertificateResult.Malformed("x");

        for (var i = 0; i < 10; i++)
        {
            cache.Add("k" + i, result);
            Assert.InRange(cache.Count, 1, 3);
        }

        Assert.True(cache.TryGet("k9", out _));
        Assert.False(cache.TryGet("k0", out _));
    }

    private sealed class FixedIdentity(string? id) : IConnectionIdentity
    {
        public string? ValidatedSpiffeId(HttpContext http) => id;
    }
}
