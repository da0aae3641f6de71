using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers webhook verification (part of <c>AddServiceAuth</c>): providers from <c>ServiceAuth:Webhooks</c> (checked
/// at start-up), the filter behind <c>RequireWebhookSignature</c>, and the start-up check of the endpoints' provider
/// names. Inert until an endpoint asks for it.
/// </summary>
internal static class WebhookRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceAuthOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton<WebhookProviders>();
        services.TryAddSingleton<WebhookAudit>();
        services.TryAddSingleton<WebhookFilter>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, WebhookEndpointCheck>());
    }
}
