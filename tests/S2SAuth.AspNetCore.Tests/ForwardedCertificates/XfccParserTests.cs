using S2SAuth.ForwardedCertificates;

namespace S2SAuth.AspNetCore.Tests.ForwardedCertificates;

/// <summary>Envoy's X-Forwarded-Client-Cert format: the documentation's examples, quoting, the last element, and strict refusals.</summary>
public sealed class XfccParserTests
{
    private const string LyftHash = "468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688";
    private const string SpiffeHash = "9ba61d6425303443c0748a02dd8de688468ed33be74eee6556d90c0149c1309e";

    private static XfccElement Parse(string header)
    {
        var element = XfccParser.ParseLast(header, out var error);
        Assert.True(element is not null, error);
        return element;
    }

    private static string Refused(string header)
    {
        var element = XfccParser.ParseLast(header, out var error);
        Assert.Null(element);
        Assert.NotNull(error);
        return error;
    }

    [Fact]
    public void Envoy_example_one_certificate_with_a_URI_SAN()
    {
        var element = Parse($"By=http://frontend.lyft.com;Hash={LyftHash};Subject=\"/C=US/ST=CA/L=San Francisco/OU=Lyft/CN=Test Client\";URI=http://testclient.lyft.com");

        Assert.Equal(["http://frontend.lyft.com"], element.By);
        Assert.Equal(Convert.FromHexString(LyftHash), element.Hash);
        Assert.Equal("/C=US/ST=CA/L=San Francisco/OU=Lyft/CN=Test Client", element.Subject);
        Assert.Equal(["http://testclient.lyft.com"], element.Uris);
        Assert.Empty(element.DnsNames);
        Assert.Null(element.Cert);
    }

    [Fact]
    public void Envoy_example_two_elements_the_last_one_is_read()
    {
        var element = Parse($"By=http://frontend.lyft.com;Hash={LyftHash};URI=http://testclient.lyft.com,By=http://backend.lyft.com;Hash={SpiffeHash};URI=http://frontend.lyft.com");

        Assert.Equal(["http://backend.lyft.com"], element.By);
        Assert.Equal(Convert.FromHexString(SpiffeHash), element.Hash);
        Assert.Equal(["http://frontend.lyft.com"], element.Uris);
    }

    [Fact]
    public void Envoy_example_URI_and_DNS_SANs_DNS_repeats()
    {
        var element = Parse($"By=http://frontend.lyft.com;Hash={LyftHash};Subject=\"/C=US/ST=CA/L=San Francisco/OU=Lyft/CN=Test Client\";URI=http://testclient.lyft.com;DNS=lyft.com;DNS=www.lyft.com");

        Assert.Equal(["lyft.com", "www.lyft.com"], element.DnsNames);
    }

    [Fact]
    public void Quoted_values_keep_commas_semicolons_equals_and_escaped_quotes()
    {
        var element = Parse($"By=spiffe://a/x;Hash={LyftHash};Subject=\"CN=a, O=b;c=\\\"d\\\"\";URI=spiffe://a/y");

        Assert.Equal("CN=a, O=b;c=\"d\"", element.Subject);
        Assert.Equal(["spiffe://a/y"], element.Uris);
    }

    [Fact]
    public void A_quoted_comma_in_an_earlier_element_does_not_split_it()
    {
        var element = Parse($"Hash={SpiffeHash};Subject=\"CN=x,URI=spiffe://evil/z\",Hash={LyftHash};URI=spiffe://a/real");

        Assert.Equal(Convert.FromHexString(LyftHash), element.Hash);
        Assert.Equal(["spiffe://a/real"], element.Uris);
    }

    [Fact]
    public void Keys_are_case_insensitive_and_the_hash_may_be_uppercase()
    {
        var element = Parse($"by=spiffe://a/p;HASH={LyftHash.ToUpperInvariant()};uri=spiffe://a/b;dns=b.example");

        Assert.Equal(["spiffe://a/p"], element.By);
        Assert.Equal(Convert.FromHexString(LyftHash), element.Hash);
        Assert.Equal(["spiffe://a/b"], element.Uris);
        Assert.Equal(["b.example"], element.DnsNames);
    }

    [Fact]
    public void Envoys_empty_URI_means_none()
    {
        Assert.Empty(Parse($"Hash={LyftHash};URI=;DNS=b.example").Uris);
    }

    [Fact]
    public void Several_URI_fields_are_all_kept_for_the_reader_to_refuse()
    {
        Assert.Equal(2, Parse($"Hash={LyftHash};URI=spiffe://a/b;URI=spiffe://a/c").Uris.Count);
    }

    [Fact]
    public void Every_URI_SAN_of_the_proxy_is_a_By()
    {
        Assert.Equal(["spiffe://a/p", "spiffe://a/q"], Parse($"By=spiffe://a/p;By=spiffe://a/q;Hash={LyftHash}").By);
    }

    [Theory]
    [InlineData("Hash=468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de6;URI=spiffe://a/b")] // 62 digits
    [InlineData("Hash=468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de68800;URI=spiffe://a/b")] // 66 digits
    [InlineData("Hash=zz8ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688;URI=spiffe://a/b")] // not hex
    [InlineData("Hash=;URI=spiffe://a/b")]
    public void A_bad_Hash_is_malformed(string header)
    {
        Assert.Contains("Hash", Refused(header), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("By=spiffe://a/p;URI=spiffe://a/b", "no Hash")]
    [InlineData("Hash=" + LyftHash + ";Hash=" + LyftHash, "more than one Hash")]
    [InlineData("Hash=" + LyftHash + ";Subject=\"a\";Subject=\"b\"", "more than one Subject")]
    [InlineData("Hash=" + LyftHash + ";Cert=\"a\";Cert=\"b\"", "more than one Cert")]
    [InlineData("Hash=" + LyftHash + ";Foo=bar", "unknown key")]
    [InlineData("Hash=" + LyftHash + ";URI=\"spiffe://a/b", "unterminated quoted value")]
    [InlineData("Hash=" + LyftHash + ";Subject=\"a\"b", "text after a quoted value")]
    [InlineData("Hash=" + LyftHash + ";URI=a\"b\"", "stray quote")]
    [InlineData("Hash=" + LyftHash + ";URI", "not key=value")]
    [InlineData("Hash=" + LyftHash + ";;URI=spiffe://a/b", "not key=value")]
    [InlineData("Hash=" + LyftHash + ",", "not key=value")]
    [InlineData("", "not key=value")]
    [InlineData("Hash=" + LyftHash + ";DNS=", "empty DNS")]
    public void Malformed_headers_are_refused_saying_why(string header, string reason)
    {
        Assert.Contains(reason, Refused(header), StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_header_is_refused()
    {
        var header = $"Hash={LyftHash};Subject=\"{new string('a', XfccParser.MaxHeaderLength)}\"";

        Assert.Contains("longer than", Refused(header), StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_elements_are_refused_and_the_maximum_is_read()
    {
        var element = $"Hash={LyftHash};URI=spiffe://a/b";

        Assert.NotNull(XfccParser.ParseLast(string.Join(',', Enumerable.Repeat(element, XfccParser.MaxElements)), out _));
        Assert.Contains("more than 16 elements", Refused(string.Join(',', Enumerable.Repeat(element, XfccParser.MaxElements + 1))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hash=" + SpiffeHash + ";URI=\"")] // caller opens a quote: the sidecar's quoted Subject closes it, then text follows
    [InlineData("Hash=" + SpiffeHash + ";Subject=\"x\\")] // caller escapes the sidecar's comma
    public void A_caller_prefix_before_the_sidecars_element_can_only_get_the_request_refused(string callerPrefix)
    {
        // Envoy's APPEND_FORWARD appends its own element after whatever the caller sent.
        var header = callerPrefix + $",By=spiffe://cluster.local/ns/a/sa/pricing;Hash={LyftHash};Subject=\"CN=orders\";URI=spiffe://cluster.local/ns/a/sa/orders";

        Refused(header);
    }

    [Fact]
    public void A_caller_element_before_the_sidecars_is_not_read()
    {
        var header = $"By=spiffe://evil/p;Hash={SpiffeHash};URI=spiffe://cluster.local/ns/a/sa/admin,By=spiffe://cluster.local/ns/a/sa/pricing;Hash={LyftHash};Subject=\"\";URI=spiffe://cluster.local/ns/a/sa/orders";

        var element = Parse(header);

        Assert.Equal(["spiffe://cluster.local/ns/a/sa/orders"], element.Uris);
        Assert.Equal(["spiffe://cluster.local/ns/a/sa/pricing"], element.By);
    }
}
