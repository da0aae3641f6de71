using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client;
using S2SAuth.Client.Certificates;
using S2SAuth.Client.Configuration;
using S2SAuth.Client.Exchange;
using S2SAuth.Client.Handlers;
using S2SAuth.Client.Http;
using S2SAuth.Client.Protocol;
using S2SAuth.Client.Resilience;
using S2SAuth.Client.Telemetry;
using S2SAuth.Client.Tokens;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes an <c>HttpClient</c>'s calls carry this service's identity.</summary>
public static class ServiceTokenHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds S2SAuth to this client: every call carries <c>X-Service-Token</c> (client credentials, cached per audience
    /// and scopes), <c>X-Correlation-Id</c>, a new <c>X-Request-Id</c> per attempt and, on POST/PUT/PATCH/DELETE (not gRPC
    /// calls, which are never retried here), an <c>Idempotency-Key</c> that stays the same on retries; user-scoped calls also forward the user token. Only the
    /// client's allowed hosts (scheme, host and port; default: its BaseAddress, when HTTPS or loopback) get a token;
    /// other hosts and redirects to them fail.
    /// <para>
    /// Order: S2SAuth's call handler is always the outermost and its token handler the innermost of the client's
    /// handlers, whatever the call order, so <c>AddStandardResilienceHandler()</c> and other handlers run between them;
    /// a standard resilience handler (this client's, or one added to every client) then retries safe requests, and state-changing ones only when they
    /// certainly did not reach the server (or, with <see cref="ServiceTokenHandlerOptions.RetryWithIdempotencyKey"/>, with their idempotency key).
    /// </para>
    /// <para>
    /// With <see cref="ServiceTokenClientOptions.ClientCertificate"/> set, the client's transport presents this service's
    /// certificate on every new TLS connection (a reloaded certificate from the next new connection on), whatever primary
    /// handler the app configured; a primary handler that already chooses a client certificate of its own fails the build.
    /// </para>
    /// Calling it again for the same client only adds <paramref name="configure"/>.
    /// </summary>
    public static IHttpClientBuilder AddServiceTokenHandler(this IHttpClientBuilder builder, Action<ServiceTokenHandlerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var name = builder.Name;
        services.AddServiceTokenClient();
        var registry = ServiceTokenClientRegistry.Find(services)!;
        var options = services.AddOptions<ServiceTokenHandlerOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (registry.HandlerClients.Contains(name))
        {
            return builder;
        }

        registry.HandlerClients.Add(name);
        options.PostConfigure<IOptionsMonitor<HttpClientFactoryOptions>>((o, factoryOptions) =>
        {
            if (o.AllowedHosts.Count == 0 && BaseAddressProbe.Find(factoryOptions.Get(name)) is { IsAbsoluteUri: true } baseAddress)
            {
                // Plain HTTP is an allowed host by default only on loopback; elsewhere AllowedHosts must say http:// itself.
                if (baseAddress.Scheme == Uri.UriSchemeHttp && !UrlRules.IsLoopback(baseAddress))
                {
                    o.PlainHttpBaseAddress = baseAddress;
                }
                else
                {
                    o.AllowedHosts.Add(baseAddress.GetLeftPart(UriPartial.Authority));
                }
            }
        }).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceTokenHandlerOptions>, ServiceTokenHandlerOptionsValidator>());

        builder.AddHttpMessageHandler(sp => CreateOutgoingCallHandler(sp, name));
        builder.AddHttpMessageHandler(sp => CreateServiceTokenHandler(sp, name));
        services.PostConfigure<HttpClientFactoryOptions>(name, factoryOptions =>
        {
            factoryOptions.HttpMessageHandlerBuilderActions.Add(HandlerPlacement.Apply);
            factoryOptions.HttpMessageHandlerBuilderActions.Add(ClientCertificateTransport.Apply);
            SensitiveHeaderRedaction.Apply(factoryOptions);
        });

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<HttpStandardResilienceOptions>, StandardRetryRule>());
        return builder;
    }

    private static OutgoingCallHandler CreateOutgoingCallHandler(IServiceProvider services, string clientName)
    {
        var context = CallContext(services);
        var logger = HandlerLogger(services);
        var policy = CreatePolicy(services, clientName, context, logger);
        return new OutgoingCallHandler(policy, context, logger, policy.Exchanges ? services.GetRequiredService<ExchangedTokenCache>() : null);
    }

    private static ServiceTokenHandler CreateServiceTokenHandler(IServiceProvider services, string clientName)
    {
        var logger = HandlerLogger(services);
        var policy = CreatePolicy(services, clientName, CallContext(services), logger);
        var slot = services.GetRequiredService<ServiceTokenCache>().GetSlot(policy.TokenKey); // invalid ServiceAuth settings fail here, when the client is created
        return new ServiceTokenHandler(policy, slot, logger, services.GetRequiredService<ClientMetrics>());
    }

    private static ClientCallPolicy CreatePolicy(IServiceProvider services, string clientName, IOutgoingCallContext context, ILogger logger) => new(
        clientName,
        services.GetRequiredService<IOptionsMonitor<ServiceTokenHandlerOptions>>().Get(clientName),
        context,
        logger,
        services.GetRequiredService<ClientMetrics>());

    private static IOutgoingCallContext CallContext(IServiceProvider services) =>
        services.GetService<IOutgoingCallContext>() ?? NoOutgoingCallContext.Instance;

    private static ILogger HandlerLogger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger("S2SAuth.Client.ServiceTokenHandler");

    /// <summary>
    /// Declares that this client's primary handler, of a type whose redirect behaviour S2SAuth cannot switch off (an
    /// in-memory test handler, TestServer's handler), follows no redirects itself. Without it, a client whose primary
    /// handler is neither <see cref="SocketsHttpHandler"/> nor <see cref="HttpClientHandler"/> (directly or under
    /// <see cref="DelegatingHandler"/>s) fails when it is built, rather than risk its token following a redirect.
    /// </summary>
    public static IHttpClientBuilder PrimaryHandlerFollowsNoRedirects(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<TransportRedirectOptions>(builder.Name, static o => o.PrimaryHandlerFollowsNoRedirects = true);
        return builder;
    }
}
