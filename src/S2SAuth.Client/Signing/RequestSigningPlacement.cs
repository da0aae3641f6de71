using Microsoft.Extensions.Http;
using S2SAuth.Client.Handlers;
using S2SAuth.Client.Protocol;

namespace S2SAuth.Client.Signing;

/// <summary>
/// Runs when a signing client's handler chain is built: puts <see cref="RequestSigningHandler"/> last of the added
/// handlers (innermost, just above the transport), whatever the registration order, so it signs each attempt of a
/// resilience handler and every header the other handlers added. <see cref="HandlerPlacement"/> keeps it there too when
/// the client also has the service-token handler. A client that signs without the service-token handler gets the
/// transport's automatic redirects switched off: a redirect is answered to the caller instead of re-sending the signed
/// request (and its body) to another target.
/// </summary>
internal static class RequestSigningPlacement
{
    public static void Apply(HttpMessageHandlerBuilder builder)
    {
        MoveLast(builder.AdditionalHandlers);
        if (!builder.AdditionalHandlers.OfType<OutgoingCallHandler>().Any())
        {
            TransportRedirects.SwitchOff(builder);
        }
    }

    /// <summary>Moves the signing handler, if any, to the end of <paramref name="handlers"/>.</summary>
    public static void MoveLast(IList<DelegatingHandler> handlers)
    {
        var signing = handlers.OfType<RequestSigningHandler>().FirstOrDefault();
        if (signing is null)
        {
            return;
        }

        handlers.Remove(signing);
        handlers.Add(signing);
    }
}
