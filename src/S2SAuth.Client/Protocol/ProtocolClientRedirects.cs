using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace S2SAuth.Client.Protocol;

/// <summary>
/// The one rule for S2SAuth's protocol clients (token and discovery requests, metadata and JWKS, remote permissions,
/// and any protocol client added later): never follow a redirect. Their transport's auto-redirect is switched off and
/// a 3xx answer fails the request with <see cref="ProtocolRedirectException"/>.
/// </summary>
internal static class ProtocolClientRedirects
{
    public const string LoggerCategory = "S2SAuth.Client.ProtocolClient";

    /// <summary>Applies the rule to the named client. Runs after every <c>Configure</c>, so after the app chose its primary handler.</summary>
    public static void Refuse(IServiceCollection services, string clientName) =>
        services.PostConfigure<HttpClientFactoryOptions>(clientName, o => o.HttpMessageHandlerBuilderActions.Add(Apply));

    private static void Apply(HttpMessageHandlerBuilder builder)
    {
        if (builder.AdditionalHandlers.Any(h => h is RedirectRefusingHandler))
        {
            return;
        }

        TransportRedirects.SwitchOff(builder);
        var logger = builder.Services.GetService<ILoggerFactory>()?.CreateLogger(LoggerCategory) ?? NullLogger.Instance;
        builder.AdditionalHandlers.Add(new RedirectRefusingHandler(builder.Name ?? "(unnamed)", logger));
    }
}
