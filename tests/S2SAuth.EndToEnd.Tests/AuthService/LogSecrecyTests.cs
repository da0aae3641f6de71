using Microsoft.Extensions.Logging;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.AuthService;

[Collection(AuthServiceCollection.Name)]
public sealed class LogSecrecyTests(AuthServiceFixture fixture)
{
    [Fact]
    public async Task Secrets_and_issued_tokens_never_appear_in_the_logs_at_trace()
    {
        var tokens = new List<string>
        {
            (await fixture.RequestTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve", ClientAuthentication.Basic)).Token(),
            (await fixture.RequestTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve billing.reconcile", ClientAuthentication.Post)).Token(),
            (await fixture.RequestTokenAsync(TestAccounts.Worker, TestAccounts.WorkerSecret, "pricing.resolve", ClientAuthentication.Post)).Token(),
            (await fixture.DevUserTokenAsync(TestAccounts.Alice)).Token(),
        };
        await fixture.RequestTokenAsync(TestAccounts.Disabled, TestAccounts.DisabledSecret, "pricing.resolve", ClientAuthentication.Post);
        await fixture.RequestTokenAsync(TestAccounts.Orders, TestAccounts.WorkerSecret, "pricing.resolve", ClientAuthentication.Post);
        await fixture.RequestTokenAsync(TestAccounts.Worker, TestAccounts.WorkerSecret, "pricing.read", ClientAuthentication.Basic);
        await fixture.PostFormAsync("connect/introspect", TestAccounts.Worker, TestAccounts.WorkerSecret, ("token", tokens[2]));
        await fixture.PostFormAsync("connect/revoke", TestAccounts.Worker, TestAccounts.WorkerSecret, ("token", tokens[2]));
        await using (var api = await ProtectedApi.StartAsync(fixture.Authority, TestAccounts.PricingAudience))
        {
            (await api.GetAsync("/system", serviceToken: tokens[0])).Dispose();
        }

        // The capture really ran at Trace, and OpenIddict really logged the requests it handled.
        Assert.Contains(fixture.Logs.Entries, e => e.Level == LogLevel.Trace);
        Assert.Contains(fixture.Logs.Entries, e => e.Category.StartsWith("OpenIddict", StringComparison.Ordinal) && e.Message.Contains("token request", StringComparison.OrdinalIgnoreCase));
        var logs = fixture.Logs.AllText();
        foreach (var secret in TestAccounts.AllSecrets)
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(secret), logs, StringComparison.Ordinal);
        }

        foreach (var token in tokens)
        {
            Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split('.')[2], logs, StringComparison.Ordinal); // not even the signature
            Assert.DoesNotContain(token.Split('.')[1], logs, StringComparison.Ordinal); // nor the payload
        }

        Assert.DoesNotContain("Basic ", logs, StringComparison.Ordinal);
    }
}
