using Demo.Scenarios;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.Webhooks;

/// <summary>
/// The demo's webhook scenarios against the running sample system: Billing's payments webhook processes a signed
/// delivery once, refuses a forged one with 401 webhook_signature_invalid, and answers a replay 200 without processing
/// it again — each with its audit events. Nothing secret in any service's logs.
/// </summary>
[Collection(SampleSystemCollection.Name)]
public sealed class WebhookScenarioTests
{
    private readonly SampleSystemFixture _fixture;

    public WebhookScenarioTests(SampleSystemFixture fixture) => _fixture = fixture;

    public static TheoryData<int> Indexes => [.. Enumerable.Range(0, WebhookScenarios.All.Count)];

    [Theory]
    [MemberData(nameof(Indexes))]
    public async Task The_webhook_scenario_behaves(int index)
    {
        var scenario = WebhookScenarios.All[index];
        var correlationId = Guid.NewGuid().ToString("N");

        var outcome = await scenario.RunAsync(new ScenarioContext(_fixture.System, correlationId, CancellationToken.None));

        Assert.True(outcome.Passed, $"{scenario.Title}: {outcome.Problem} ({outcome.Actual})");
        Assert.DoesNotContain(WebhookScenarios.PaymentsSecret["whsec_".Length..], _fixture.Logs.AllText(), StringComparison.Ordinal);
    }
}
