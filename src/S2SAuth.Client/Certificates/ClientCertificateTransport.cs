using System.Net.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace S2SAuth.Client.Certificates;

/// <summary>
/// Makes a client's real transport present this service's certificate. Runs when the client's handler chain is built,
/// after the app's own <c>ConfigurePrimaryHttpMessageHandler</c>, on the primary handler or the one at the end of its
/// <see cref="DelegatingHandler.InnerHandler"/> chain:
/// <list type="bullet">
/// <item><see cref="SocketsHttpHandler"/> (the factory's default): its <c>SslOptions.LocalCertificateSelectionCallback</c>
/// returns the current certificate on every new connection, so a reloaded one is used without rebuilding the handler;</item>
/// <item><see cref="HttpClientHandler"/>: the certificate current when the handler is built, in <c>ClientCertificates</c>
/// (a reloaded one is used from the next handler, after the client's <c>HandlerLifetime</c>);</item>
/// <item>a transport that already chooses a client certificate of its own: the client fails to build, naming the conflict;</item>
/// <item>any other transport (an in-memory test handler) has no TLS and is left alone.</item>
/// </list>
/// </summary>
internal static class ClientCertificateTransport
{
    private const int MaxWrappers = 32;

    public static void Apply(HttpMessageHandlerBuilder builder)
    {
        var source = builder.Services.GetRequiredService<ClientCertificateSource>();
        if (!source.IsConfigured)
        {
            return;
        }

        var transport = builder.PrimaryHandler;
        for (var depth = 0; depth < MaxWrappers && transport is DelegatingHandler wrapper; depth++)
        {
            transport = wrapper.InnerHandler;
        }

        switch (transport)
        {
            case SocketsHttpHandler sockets:
                var ssl = sockets.SslOptions;
                if (ssl.LocalCertificateSelectionCallback is { } existing && existing.Target == source)
                {
                    return; // the app returns the same handler instance on every build
                }

                if (ssl.LocalCertificateSelectionCallback is not null || ssl.ClientCertificates is { Count: > 0 } || ssl.ClientCertificateContext is not null)
                {
                    throw Conflict(builder.Name);
                }

                ssl.LocalCertificateSelectionCallback = new LocalCertificateSelectionCallback(source.Select);
                return;
            case HttpClientHandler handler:
                if (handler.ClientCertificateOptions == ClientCertificateOption.Manual && handler.ClientCertificates.Count > 0)
                {
                    throw Conflict(builder.Name);
                }

                handler.ClientCertificateOptions = ClientCertificateOption.Manual;
                handler.ClientCertificates.Add(source.Current!);
                return;
            default:
                return;
        }
    }

    /// <summary>For the token client: the certificate is presented only when it authenticates the client (RFC 8705 §2).</summary>
    public static void ApplyForTokenRequests(HttpMessageHandlerBuilder builder)
    {
        var options = builder.Services.GetRequiredService<IOptionsMonitor<ServiceTokenClientOptions>>().CurrentValue;
        if (IsCertificateAuthentication(options.ClientAuthentication))
        {
            Apply(builder);
        }
    }

    public static bool IsCertificateAuthentication(ClientAuthenticationMethod method) =>
        method is ClientAuthenticationMethod.TlsClientAuth or ClientAuthenticationMethod.SelfSignedTlsClientAuth;

    private static InvalidOperationException Conflict(string? name) => new(
        $"HttpClient '{name}' cannot be built: its primary handler already chooses a client certificate of its own, and "
        + $"{ClientCertificateKeys.CertificatePath} asks S2SAuth to present this service's certificate. Keep one of the two.");
}
