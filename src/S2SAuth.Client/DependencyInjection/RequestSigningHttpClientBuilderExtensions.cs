using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client;
using S2SAuth.Client.Configuration;
using S2SAuth.Client.Signing;
using S2SAuth.Client.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes an <c>HttpClient</c> sign its requests with HTTP Message Signatures (RFC 9421).</summary>
public static class RequestSigningHttpClientBuilderExtensions
{
    /// <summary>
    /// Signs every request of this client (RFC 9421) with the key of <see cref="RequestSigningOptions"/>, bound from
    /// <c>ServiceAuth:RequestSigning</c> and then adjusted by <paramref name="configure"/>: covered
    /// <c>@method @authority @path @query</c> and, when the request has content, <c>content-digest</c> (RFC 9530, over
    /// the exact bytes sent, buffered once up to <see cref="RequestSigningOptions.MaxBodyBytes"/>), with <c>created</c>,
    /// <c>expires</c>, <c>keyid</c>, a random <c>nonce</c> and <c>alg</c>. Needs no token issuer; works alone or with
    /// <c>AddServiceTokenHandler</c>.
    /// <para>
    /// Order: the signing handler is always the innermost of the client's handlers, whatever the call order (below the
    /// service-token handler and any resilience handler), so each attempt, retries included, is signed afresh after every
    /// other header is set. Without <c>AddServiceTokenHandler</c>, the transport's automatic redirects are switched off:
    /// a redirect is returned to the caller rather than re-sending the signed request elsewhere.
    /// </para>
    /// The key is loaded and checked at start-up. Calling it again for the same client only adds <paramref name="configure"/>.
    /// </summary>
    public static IHttpClientBuilder AddRequestSigning(this IHttpClientBuilder builder, Action<RequestSigningOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var name = builder.Name;
        var registry = RequestSigningRegistry.FindOrAdd(services);
        var options = services.AddOptions<RequestSigningOptions>(name);
        var first = registry.Clients.Add(name);
        if (first)
        {
            options.Configure<IServiceProvider>(static (o, sp) => sp.GetService<IConfiguration>()?.GetSection(RequestSigningOptions.SectionName).Bind(o));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!first)
        {
            return builder;
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RequestSigningOptions>, RequestSigningOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<ClientMetrics>();
        services.TryAddSingleton<SigningKeySources>();
        builder.AddHttpMessageHandler(sp => CreateHandler(sp, name));
        services.PostConfigure<HttpClientFactoryOptions>(name, factoryOptions =>
        {
            factoryOptions.HttpMessageHandlerBuilderActions.Add(RequestSigningPlacement.Apply);
            SensitiveHeaderRedaction.Apply(factoryOptions);
        });
        return builder;
    }

    private static RequestSigningHandler CreateHandler(IServiceProvider services, string clientName) => new(
        clientName,
        services.GetRequiredService<IOptionsMonitor<RequestSigningOptions>>().Get(clientName),
        services.GetRequiredService<SigningKeySources>().For(clientName),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILoggerFactory>().CreateLogger("S2SAuth.Client.RequestSigning"),
        services.GetRequiredService<ClientMetrics>());
}
