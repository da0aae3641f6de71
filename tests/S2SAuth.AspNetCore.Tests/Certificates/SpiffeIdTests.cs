using S2SAuth.Certificates;

namespace S2SAuth.AspNetCore.Tests.Certificates;

/// <summary>The SPIFFE-ID specification's rules (§2): what parses, and everything it says must be refused.</summary>
public sealed class SpiffeIdTests
{
    [Theory]
    [InlineData("spiffe://example.org", "example.org", "")]
    [InlineData("spiffe://example.org/ns/shop/sa/orders", "example.org", "/ns/shop/sa/orders")]
    [InlineData("spiffe://prod-1.example_org/Path.With-All_Chars09", "prod-1.example_org", "/Path.With-All_Chars09")]
    [InlineData("spiffe://td/a/...", "td", "/a/...")]
    public void Valid_ids_parse_into_trust_domain_and_path(string text, string trustDomain, string path)
    {
        Assert.True(SpiffeId.TryParse(text, out var id));
        Assert.Equal((text, trustDomain, path), (id.Value, id.TrustDomain, id.Path));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("spiffe://")]
    [InlineData("spiffe:///path")]
    [InlineData("SPIFFE://example.org/a")]
    [InlineData("https://example.org/a")]
    [InlineData("spiffe://Example.org/a")]
    [InlineData("spiffe://example.org:8443/a")]
    [InlineData("spiffe://user@example.org/a")]
    [InlineData("spiffe://example.org/a?q=1")]
    [InlineData("spiffe://example.org/a#f")]
    [InlineData("spiffe://example.org/")]
    [InlineData("spiffe://example.org/a/")]
    [InlineData("spiffe://example.org//a")]
    [InlineData("spiffe://example.org/./a")]
    [InlineData("spiffe://example.org/a/..")]
    [InlineData("spiffe://example.org/a%20b")]
    [InlineData("spiffe://example.org/a b")]
    [InlineData("spiffe://exa mple.org/a")]
    public void Invalid_ids_are_refused(string? text) => Assert.False(SpiffeId.TryParse(text, out _));

    [Fact]
    public void Ids_longer_than_2048_bytes_are_refused()
    {
        var longest = "spiffe://example.org/" + new string('a', 2048 - "spiffe://example.org/".Length);

        Assert.True(SpiffeId.TryParse(longest, out _));
        Assert.False(SpiffeId.TryParse(longest + "a", out _));
    }
}
