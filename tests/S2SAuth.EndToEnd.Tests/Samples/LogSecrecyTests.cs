using Demo.Infrastructure;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.Samples;

/// <summary>Every log line of the four hosts, at Trace, after allowed and refused chains: no token, no secret.</summary>
[Collection(SampleSystemCollection.Name)]
public sealed class LogSecrecyTests(SampleSystemFixture fixture)
{
    [Fact]
    public async Task Logs_of_all_hosts_hold_no_token_and_no_secret()
    {
        var alice = await fixture.System.UserTokenAsync("alice");
        var expired = await fixture.System.UserTokenAsync("alice", expired: true);
        foreach (var token in new[] { alice, expired, alice + "x" })
        {
            await fixture.System.FrontEnd.ConfirmOrderAsync("ord-1001", "tenant_a", token, SampleSystemFixture.NewCorrelationId(), CancellationToken.None);
        }

        await fixture.System.ReconciliationJob.RunOnceAsync();
        await using var legacy = fixture.System.CallerFor(DemoAccounts.Legacy, fixture.System.Pricing, ["pricing.resolve"]);
        await Assert.ThrowsAnyAsync<Exception>(() => legacy.PostAsync("/prices:resolve", new { }, SampleSystemFixture.NewCorrelationId(), CancellationToken.None));

        var logs = fixture.Logs.AllText();
        Assert.NotEmpty(fixture.Logs.Entries);
        Assert.DoesNotContain("eyJ", logs, StringComparison.Ordinal); // the base64url of '{"' that starts every JWT header and payload
        foreach (var part in alice.Split('.').Concat(expired.Split('.')))
        {
            Assert.DoesNotContain(part, logs, StringComparison.Ordinal);
        }

        foreach (var account in new[] { DemoAccounts.Orders, DemoAccounts.BillingWorker, DemoAccounts.Reporting, DemoAccounts.Legacy, SampleSystemFixture.Toggled })
        {
            Assert.DoesNotContain(account.Secret, logs, StringComparison.Ordinal);
        }
    }
}
