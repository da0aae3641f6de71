using Microsoft.Extensions.DependencyInjection;
using S2SAuth;
using S2SAuth.Webhooks;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>RequireWebhookSignature</c>: endpoints that receive a webhook provider's signed deliveries.</summary>
public static class WebhookEndpointConventionBuilderExtensions
{
    /// <summary>
    /// The endpoint (or every endpoint of a group) receives deliveries of the webhook provider configured under
    /// <c>ServiceAuth:Webhooks:{provider}</c>: it needs no service token (the provider has none) and runs only for a
    /// delivery whose signature holds over the raw body, within the timestamp tolerance, and whose event is new. A
    /// duplicate is answered 200 without running it. <paramref name="resolveTenant"/>, if given, names the tenant from
    /// the verified delivery (context and raw body bytes); it runs only after the signature held and the event was found
    /// new. The endpoint reads the same body bytes and gets a <see cref="WebhookContext"/>. An unknown provider stops the
    /// service at start-up. See docs/webhooks.md for the answers and their codes.
    /// </summary>
    public static TBuilder RequireWebhookSignature<TBuilder>(this TBuilder builder, string provider, Func<WebhookContext, ReadOnlyMemory<byte>, string?>? resolveTenant = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        var declaration = new WebhookEndpoint(provider, resolveTenant);
        builder.Add(endpoint =>
        {
            endpoint.Metadata.Add(declaration);
            if (endpoint.Metadata.OfType<WebhookFilterApplied>().Any())
            {
                return; // already wrapped (a group and its endpoint both asked): the innermost declaration is read per request
            }

            var inner = endpoint.RequestDelegate ?? throw new InvalidOperationException(
                $"RequireWebhookSignature() cannot wrap endpoint '{endpoint.DisplayName}': it has no request delegate.");
            var filter = endpoint.ApplicationServices.GetService<WebhookFilter>() ?? throw new InvalidOperationException(
                $"RequireWebhookSignature() on endpoint '{endpoint.DisplayName}' needs builder.Services.AddServiceAuth(...).");
            endpoint.Metadata.Add(WebhookFilterApplied.Instance);
            endpoint.RequestDelegate = http => filter.InvokeAsync(http, inner);
        });
        return builder;
    }
}
