using Microsoft.Extensions.Http;

namespace S2SAuth.Client.Handlers;

/// <summary>
/// Runs last when a client's handler chain is built: puts <see cref="OutgoingCallHandler"/> first and
/// <see cref="ServiceTokenHandler"/> last of the added handlers, whatever the registration order, so resilience
/// and other handlers sit between them (one logical call outside, one token per attempt inside). It also takes
/// redirects over from the primary handler, which would re-send custom headers to any host.
/// </summary>
internal static class HandlerPlacement
{
    public static void Apply(HttpMessageHandlerBuilder builder)
    {
        var handlers = builder.AdditionalHandlers;
        var outer = handlers.OfType<OutgoingCallHandler>().FirstOrDefault();
        var inner = handlers.OfType<ServiceTokenHandler>().FirstOrDefault();
        if (outer is null || inner is null)
        {
            return;
        }

        handlers.Remove(outer);
        handlers.Remove(inner);
        handlers.Insert(0, outer);
        handlers.Add(inner);
        outer.MaxRedirects = TakeOverRedirects(builder.PrimaryHandler);
    }

    private static int TakeOverRedirects(HttpMessageHandler? primary)
    {
        switch (primary)
        {
            case SocketsHttpHandler { AllowAutoRedirect: true } sockets:
                sockets.AllowAutoRedirect = false;
                return sockets.MaxAutomaticRedirections;
            case HttpClientHandler { AllowAutoRedirect: true } client:
                client.AllowAutoRedirect = false;
                return client.MaxAutomaticRedirections;
            default:
                return 0;
        }
    }
}
