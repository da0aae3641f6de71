namespace Demo.Scenarios;

/// <summary>What a scenario saw. <see cref="Problem"/> says what differed from the expectation; <see langword="null"/> when it behaved.</summary>
public sealed record ScenarioOutcome(string Actual, string CorrelationId, string? Problem = null)
{
    public bool Passed => Problem is null;
}
