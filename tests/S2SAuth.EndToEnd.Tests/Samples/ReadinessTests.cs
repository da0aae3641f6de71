using System.Net;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.Samples;

/// <summary>
/// The sample services expose S2SAuth's health checks as readiness probes (<c>/health/ready</c>), over real HTTP, with
/// the real OpenIddict issuer behind them: each answers Healthy with the checks its set-up calls for.
/// </summary>
[Collection(SampleSystemCollection.Name)]
public sealed class ReadinessTests(SampleSystemFixture fixture)
{
    public static TheoryData<string> Services => ["orders", "pricing", "billing"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Each_sample_is_ready_once_it_holds_the_issuers_keys(string name)
    {
        var service = name switch
        {
            "orders" => fixture.System.Orders,
            "pricing" => fixture.System.Pricing,
            _ => fixture.System.Billing,
        };
        using var http = new HttpClient { BaseAddress = service.BaseAddress };

        using var response = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_needs_no_credentials_and_reveals_no_details()
    {
        using var http = new HttpClient { BaseAddress = fixture.System.Orders.BaseAddress };

        using var response = await http.GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("s2sauth-", body, StringComparison.Ordinal);
        Assert.Equal("Healthy", body); // the plain status word, not a report of the checks
    }
}
