using System.Net;
using S2SAuth.ForwardedCertificates;

namespace S2SAuth.AspNetCore.Tests.ForwardedCertificates;

/// <summary>Which connections count as from a trusted proxy: addresses and CIDR networks, IPv4 and IPv6, IPv4-mapped addresses.</summary>
public sealed class TrustedProxiesTests
{
    private static TrustedProxies Proxies(params string[] entries) => new(new ForwardedCertificateOptions { TrustedProxies = entries });

    [Theory]
    [InlineData("127.0.0.6", "127.0.0.6", true)]
    [InlineData("127.0.0.6", "127.0.0.1", false)]
    [InlineData("10.0.0.0/8", "10.20.30.40", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.4.0/22", "192.168.7.255", true)]
    [InlineData("192.168.4.0/22", "192.168.8.0", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("::1", "::2", false)]
    [InlineData("fd00::/8", "fd12:3456::1", true)]
    [InlineData("fd00::/8", "fe80::1", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)] // IPv4-mapped remote address
    [InlineData("127.0.0.6", "::ffff:127.0.0.6", true)]
    [InlineData("::ffff:127.0.0.6", "127.0.0.6", true)] // IPv4-mapped entry
    [InlineData("::ffff:10.0.0.0/104", "10.9.9.9", true)]
    [InlineData("127.0.0.1", "::1", false)] // families do not mix
    [InlineData("::1", "127.0.0.1", false)]
    public void Remote_address_matching(string entry, string remote, bool trusted)
    {
        Assert.Equal(trusted, Proxies(entry).Contains(IPAddress.Parse(remote)));
    }

    [Fact]
    public void Any_entry_matching_is_enough_and_no_address_is_never_trusted()
    {
        var proxies = Proxies("127.0.0.6", "10.0.0.0/8", "::1");

        Assert.True(proxies.Contains(IPAddress.Parse("10.1.1.1")));
        Assert.True(proxies.Contains(IPAddress.IPv6Loopback));
        Assert.False(proxies.Contains(IPAddress.Parse("172.16.0.1")));
        Assert.False(proxies.Contains(null));
    }

    [Theory]
    [InlineData("10.0.0.1/8")] // host bits set
    [InlineData("0.0.0.0/0")] // everyone
    [InlineData("::/0")]
    [InlineData("::ffff:0.0.0.0/96")] // every IPv4 address
    [InlineData("10.0.0.0/33")]
    [InlineData("10")] // IPAddress.TryParse would take this as 0.0.0.10
    [InlineData("10.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("proxy.internal")]
    [InlineData("")]
    [InlineData(" ")]
    public void Entries_that_are_not_an_address_or_a_network_are_refused(string entry)
    {
        Assert.False(TrustedProxies.TryParseNetwork(entry, out _));
        Assert.False(Proxies(entry).Contains(IPAddress.Parse("10.0.0.10")));
    }

    [Fact]
    public void Trusted_ids_match_exactly_and_invalid_ones_are_dropped()
    {
        var proxies = new TrustedProxies(new ForwardedCertificateOptions
        {
            TrustedProxyIds = ["spiffe://cluster.local/ns/istio-system/sa/gateway", "not-a-spiffe-id"],
        });

        Assert.True(proxies.HasIds);
        Assert.True(proxies.IsTrustedId("spiffe://cluster.local/ns/istio-system/sa/gateway"));
        Assert.False(proxies.IsTrustedId("spiffe://cluster.local/ns/istio-system/sa/Gateway"));
        Assert.False(proxies.IsTrustedId("spiffe://cluster.local/ns/istio-system/sa/gateway/x"));
        Assert.False(proxies.IsTrustedId("not-a-spiffe-id"));
        Assert.False(proxies.IsTrustedId(null));
    }
}
