using Demo.Infrastructure;

namespace Demo.Scenarios;

/// <summary>What a scenario runs against, and the correlation id it sends (so its audit lines can be found).</summary>
public sealed record ScenarioContext(DemoSystem System, string CorrelationId, CancellationToken CancellationToken);
