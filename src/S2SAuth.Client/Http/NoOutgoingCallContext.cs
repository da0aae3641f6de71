namespace S2SAuth.Client.Http;

/// <summary>The context when nothing registered an <see cref="IOutgoingCallContext"/>: no user token, a new correlation id per call.</summary>
internal sealed class NoOutgoingCallContext : IOutgoingCallContext
{
    public static readonly NoOutgoingCallContext Instance = new();

    public string? UserToken => null;

    public string? CorrelationId => null;
}
