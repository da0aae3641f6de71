using Microsoft.Extensions.Http;
using S2SAuth.Client.Protocol;

namespace S2SAuth.Client.Handlers;

/// <summary>
/// Runs last when a client's handler chain is built: puts <see cref="OutgoingCallHandler"/> first and
/// <see cref="ServiceTokenHandler"/> last of the added handlers, whatever the registration order, so resilience
/// and other handlers sit between them (one logical call outside, one token per attempt inside); a request-signing
/// handler, when the client has one, stays below the token handler, last of all. It also takes
/// redirects over from the transport (<see cref="TransportRedirects"/>), which would re-send custom headers to any
/// host: S2SAuth then follows as many as the transport would have, and none when the transport was set not to.
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
        Signing.RequestSigningPlacement.MoveLast(handlers); // a signing handler stays innermost, below the token handler
        outer.MaxRedirects = TransportRedirects.SwitchOff(builder);
    }
}
