namespace S2SAuth.Client.Tests.Framework;

/// <summary>A wrapper around the real transport, as tracing or metrics packages add: passes every request on.</summary>
public sealed class PassThroughHandler : DelegatingHandler
{
    public PassThroughHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }
}
