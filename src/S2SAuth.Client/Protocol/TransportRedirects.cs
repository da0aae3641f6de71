using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace S2SAuth.Client.Protocol;

/// <summary>
/// Switches automatic redirects off on a client's real transport: the primary handler, or the handler at the end of
/// its <see cref="DelegatingHandler.InnerHandler"/> chain (tracing and metrics packages wrap the transport). A transport
/// S2SAuth cannot control fails the client's build, unless the app declared that it follows no redirects.
/// </summary>
internal static class TransportRedirects
{
    private const int MaxWrappers = 32;

    /// <summary>
    /// Turns auto-redirect off and returns how many redirects the transport would have followed: its
    /// <c>MaxAutomaticRedirections</c>, or 0 when it was configured not to follow any (or declared so).
    /// </summary>
    /// <exception cref="InvalidOperationException">The transport's redirect behaviour cannot be controlled.</exception>
    public static int SwitchOff(HttpMessageHandlerBuilder builder)
    {
        var transport = builder.PrimaryHandler;
        for (var depth = 0; depth < MaxWrappers && transport is DelegatingHandler wrapper; depth++)
        {
            transport = wrapper.InnerHandler;
        }

        switch (transport)
        {
            case SocketsHttpHandler { AllowAutoRedirect: false }:
            case HttpClientHandler { AllowAutoRedirect: false }:
                return 0;
            case SocketsHttpHandler sockets:
                sockets.AllowAutoRedirect = false;
                return sockets.MaxAutomaticRedirections;
            case HttpClientHandler client:
                client.AllowAutoRedirect = false;
                return client.MaxAutomaticRedirections;
            default:
                if (IsDeclaredSafe(builder))
                {
                    return 0;
                }

                throw new InvalidOperationException(
                    $"HttpClient '{builder.Name}' cannot be built: its primary handler ends in {transport?.GetType().FullName ?? "no handler"}, "
                    + "whose redirect behaviour S2SAuth cannot switch off, so its credentials could follow a redirect to another host. "
                    + "Use SocketsHttpHandler or HttpClientHandler as the transport (directly or under DelegatingHandlers), or, when that handler "
                    + "follows no redirects itself (an in-memory test handler, TestServer's handler), declare it with "
                    + $"services.AddHttpClient(\"{builder.Name}\").PrimaryHandlerFollowsNoRedirects().");
        }
    }

    private static bool IsDeclaredSafe(HttpMessageHandlerBuilder builder) =>
        builder.Name is { } name
        && builder.Services.GetService<IOptionsMonitor<TransportRedirectOptions>>()?.Get(name).PrimaryHandlerFollowsNoRedirects == true;
}
