using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;

namespace S2SAuth.Webhooks;

/// <summary>
/// Start-up check, once the request pipeline is built: every endpoint marked <c>RequireWebhookSignature</c> must name a
/// provider configured under <c>ServiceAuth:Webhooks</c>, else the service does not start (the message names the
/// endpoints and providers). Endpoints that cannot be listed yet are left to the request-time answer (503
/// <c>webhook_provider_unknown</c>).
/// </summary>
internal sealed class WebhookEndpointCheck : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        var services = app.ApplicationServices;
        var configured = services.GetRequiredService<IOptions<ServiceAuthOptions>>().Value.Webhooks;
        IReadOnlyList<Endpoint> endpoints;
        try
        {
            endpoints = services.GetService<EndpointDataSource>()?.Endpoints ?? [];
        }
#pragma warning disable CA1031 // An endpoint that cannot be built yet fails on its own first request, as it would without this check.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var logger = services.GetRequiredService<ILogger<WebhookEndpointCheck>>();
            var exceptionType = e.GetType().Name;
            Log.WebhookEndpointsUnchecked(logger, exceptionType);
            return;
        }

        var unknown = endpoints
            .Select(static e => (Endpoint: e, Declaration: e.Metadata.GetMetadata<IWebhookDeclaration>()))
            .Where(x => x.Declaration is not null && !configured.ContainsKey(x.Declaration.Provider))
            .Select(static x => $"'{x.Endpoint.DisplayName}' names '{x.Declaration!.Provider}'")
            .ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"Webhook endpoints name providers that {ServiceAuthOptions.SectionName}:Webhooks does not configure: {string.Join("; ", unknown)}.");
        }
    };
}
