namespace S2SAuth.Client.Tests.Framework;

/// <summary>An outgoing-call context a test sets by hand (as a worker would register its own).</summary>
public sealed class TestCallContext : IOutgoingCallContext
{
    public string? UserToken { get; set; }

    public string? CorrelationId { get; set; }
}
