using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Webhooks;

namespace S2SAuth;

/// <summary>
/// MVC: the controller's actions (or this action) receive deliveries of the webhook provider configured under
/// <c>ServiceAuth:Webhooks:{provider}</c> — the same behaviour as <c>.RequireWebhookSignature(...)</c> on minimal APIs:
/// no service token needed, the signature verified over the raw body before model binding, duplicates answered 200
/// without running the action. The action gets a <see cref="WebhookContext"/> through
/// <c>HttpContext.GetWebhookContext()</c>. A tenant resolver is given only through the minimal-API convention.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireWebhookSignatureAttribute : Attribute, IFilterFactory, IWebhookDeclaration
{
    /// <summary>The endpoint receives deliveries of <paramref name="provider"/>.</summary>
    public RequireWebhookSignatureAttribute(string provider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        Provider = provider;
    }

    /// <summary>The provider's name under <c>ServiceAuth:Webhooks</c>.</summary>
    public string Provider { get; }

    /// <summary>The filter holds no per-request state: one instance serves every request.</summary>
    public bool IsReusable => true;

    Func<WebhookContext, ReadOnlyMemory<byte>, string?>? IWebhookDeclaration.TenantResolver => null;

    /// <summary>Creates the resource filter that verifies the delivery.</summary>
    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider)
    {
        ArgumentNullException.ThrowIfNull(serviceProvider);
        var filter = serviceProvider.GetService<WebhookFilter>() ?? throw new InvalidOperationException(
            "[RequireWebhookSignature] needs builder.Services.AddServiceAuth(...).");
        return new WebhookResourceFilter(filter);
    }
}
