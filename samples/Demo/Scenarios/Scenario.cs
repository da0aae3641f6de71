namespace Demo.Scenarios;

/// <summary>One thing the demo shows: what happens, what must come out, and how to run it.</summary>
public sealed record Scenario(string Title, string Expected, Func<ScenarioContext, Task<ScenarioOutcome>> RunAsync);
