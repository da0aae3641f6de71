namespace S2SAuth.Client.Protocol;

/// <summary>Per named client: what the app declared about its primary handler's redirects (<c>PrimaryHandlerFollowsNoRedirects()</c>).</summary>
internal sealed class TransportRedirectOptions
{
    public bool PrimaryHandlerFollowsNoRedirects { get; set; }
}
