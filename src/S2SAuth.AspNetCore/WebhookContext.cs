using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace S2SAuth;

/// <summary>
/// A verified webhook delivery, given to an endpoint marked <c>.RequireWebhookSignature(...)</c> or
/// <c>[RequireWebhookSignature(...)]</c> only after the provider's signature held and the event was found new. Reach
/// it as a minimal-API parameter or with <see cref="ServiceAuthHttpContextExtensions.GetWebhookContext"/>.
/// </summary>
public sealed class WebhookContext
{
    internal WebhookContext(string provider, string? eventId, DateTimeOffset? timestamp)
    {
        Provider = provider;
        EventId = eventId;
        Timestamp = timestamp;
    }

    /// <summary>The configured provider name (<c>ServiceAuth:Webhooks:{name}</c>).</summary>
    public string Provider { get; }

    /// <summary>
    /// The provider's event id: <c>webhook-id</c> (Standard Webhooks), the body's <c>id</c> (Stripe),
    /// <c>X-GitHub-Delivery</c> (GitHub), the configured header (Hmac); <see langword="null"/> when there is none. Caller
    /// text: a safe id (at most 256 visible ASCII characters), yet escape it before logging.
    /// </summary>
    public string? EventId { get; }

    /// <summary>The signed timestamp, if the scheme has one.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>The tenant the endpoint's resolver named from the verified delivery, or <see langword="null"/>.</summary>
    public string? TenantId { get; internal set; }

    /// <summary>Minimal-API binding: a <see cref="WebhookContext"/> parameter receives the verified delivery.</summary>
    public static ValueTask<WebhookContext?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.GetWebhookContext());
}
