using System.Net;
using Demo.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Client;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.Samples;

/// <summary>Disabled service accounts get no token, and their calls fail closed in the client: nothing is sent.</summary>
[Collection(SampleSystemCollection.Name)]
public sealed class ServiceAccountTests(SampleSystemFixture fixture)
{
    private static readonly object Price = new { tenantId = "tenant_a", sku = "oat-milk-1l", quantity = 1 };

    [Fact]
    public async Task Disabled_account_gets_no_token_and_its_call_is_never_sent()
    {
        await using var legacy = fixture.System.CallerFor(DemoAccounts.Legacy, fixture.System.Pricing, ["pricing.resolve"]);
        var correlationId = SampleSystemFixture.NewCorrelationId();

        var refused = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(
            () => legacy.PostAsync("/prices:resolve", Price, correlationId, CancellationToken.None));

        Assert.Equal((ServiceTokenFailureReason.Rejected, "invalid_client"), (refused.Reason, refused.Error));
        Assert.Empty(fixture.Requests.For(correlationId));
    }

    [Fact]
    public async Task Account_disabled_at_run_time_has_its_existing_token_refused_and_stops_getting_tokens()
    {
        var account = SampleSystemFixture.Toggled;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow); // the caller's clock; the servers keep real time
        await using var caller = fixture.System.CallerFor(account, fixture.System.Pricing, ["pricing.resolve"], s => s.AddSingleton<TimeProvider>(time));
        var before = await caller.PostAsync("/prices:resolve", Price, SampleSystemFixture.NewCorrelationId(), CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, before.Status);

        Assert.True(await fixture.System.Issuer.SetAccountDisabledAsync(account.Id, disabled: true));
        try
        {
            // The token issued before is refused too: disabling the account cut off its tokens at every service (revocation).
            var cached = await caller.PostAsync("/prices:resolve", Price, SampleSystemFixture.NewCorrelationId(), CancellationToken.None);
            Assert.Equal((HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked), (cached.Status, cached.Code));

            time.Advance(TimeSpan.FromMinutes(6)); // past the 5-minute token: the client must ask the issuer again
            var correlationId = SampleSystemFixture.NewCorrelationId();
            var refused = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(
                () => caller.PostAsync("/prices:resolve", Price, correlationId, CancellationToken.None));

            Assert.Equal((ServiceTokenFailureReason.Rejected, "invalid_client"), (refused.Reason, refused.Error));
            Assert.Empty(fixture.Requests.For(correlationId));
        }
        finally
        {
            await fixture.System.Issuer.SetAccountDisabledAsync(account.Id, disabled: false);
        }
    }
}
