using Microsoft.AspNetCore.Http;

namespace S2SAuth;

/// <summary>Access to the S2SAuth context of a request.</summary>
public static class ServiceAuthHttpContextExtensions
{
    /// <summary>The S2SAuth context of this request, or <see langword="null"/> when <c>UseServiceAuth()</c> did not run for it.</summary>
    public static ServiceAuthContext? GetServiceAuthContext(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ServiceAuthContext>();
    }

    /// <summary>
    /// The verified webhook delivery of this request, or <see langword="null"/> outside a <c>RequireWebhookSignature</c>
    /// endpoint (or before its signature held).
    /// </summary>
    public static WebhookContext? GetWebhookContext(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<WebhookContext>();
    }
}
