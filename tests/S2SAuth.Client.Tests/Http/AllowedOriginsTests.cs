using S2SAuth.Client.Http;

namespace S2SAuth.Client.Tests.Http;

public sealed class AllowedOriginsTests
{
    [Theory]
    [InlineData("pricing.internal", "https://pricing.internal/x", true)]
    [InlineData("pricing.internal", "http://pricing.internal/x", false)] // a scheme-less entry means HTTPS (was true: finding 9)
    [InlineData("pricing.internal", "https://PRICING.internal/x", true)]
    [InlineData("pricing.internal", "https://pricing.internal:8443/x", false)]
    [InlineData("pricing.internal:8443", "https://pricing.internal:8443/x", true)]
    [InlineData("pricing.internal:443", "https://pricing.internal/x", true)]
    [InlineData("pricing.internal:443", "http://pricing.internal/x", false)]
    [InlineData("https://pricing.internal", "https://pricing.internal/x", true)]
    [InlineData("https://pricing.internal", "http://pricing.internal/x", false)]
    [InlineData("http://127.0.0.1:5001/", "http://127.0.0.1:5001/x", true)]
    [InlineData("http://127.0.0.1:5001/", "http://127.0.0.1:5002/x", false)]
    [InlineData("pricing.internal", "https://pricing.internal.evil.example/x", false)]
    [InlineData("pricing.internal", "https://evil.example/?pricing.internal", false)]
    [InlineData("[::1]:5001", "http://[::1]:5001/x", true)]
    public void Host_is_allowed_only_when_host_and_port_match(string entry, string url, bool allowed)
    {
        Assert.Equal(allowed, AllowedOrigins.Parse([entry]).IsAllowed(new Uri(url)));
    }

    [Theory]
    [InlineData("https://pricing.internal", "http://pricing.internal:443/x")]
    [InlineData("https://pricing.internal/", "http://pricing.internal:443/x")]
    [InlineData("pricing.internal", "http://pricing.internal:443/x")]
    [InlineData("pricing.internal:8443", "http://pricing.internal:8443/x")]
    [InlineData("http://pricing.internal", "https://pricing.internal:80/x")]
    [InlineData("https://127.0.0.1:5001", "http://127.0.0.1:5001/x")]
    public void Scheme_is_part_of_the_allowed_host(string entry, string url)
    {
        Assert.False(AllowedOrigins.Parse([entry]).IsAllowed(new Uri(url)));
    }

    [Theory]
    [InlineData("http://pricing.internal", "http://pricing.internal/x")]
    [InlineData("http://pricing.internal:8080", "http://pricing.internal:8080/x")]
    [InlineData("127.0.0.1:5001", "http://127.0.0.1:5001/x")]
    [InlineData("127.0.0.1:5001", "https://127.0.0.1:5001/x")]
    [InlineData("localhost", "http://localhost/x")]
    [InlineData("localhost", "https://localhost/x")]
    public void Plain_http_is_allowed_when_written_with_http_or_on_loopback(string entry, string url)
    {
        Assert.True(AllowedOrigins.Parse([entry]).IsAllowed(new Uri(url)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("pricing/internal")]
    [InlineData("user@pricing.internal")]
    [InlineData("://broken")]
    public void Malformed_entries_are_rejected(string entry)
    {
        Assert.False(AllowedOrigins.TryParse(entry, out _, out _));
    }

    [Fact]
    public void Relative_or_missing_uri_is_never_allowed()
    {
        var hosts = AllowedOrigins.Parse(["pricing.internal"]);

        Assert.False(hosts.IsAllowed(null));
        Assert.False(hosts.IsAllowed(new Uri("/x", UriKind.Relative)));
    }
}
