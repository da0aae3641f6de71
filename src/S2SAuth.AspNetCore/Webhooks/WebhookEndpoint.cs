namespace S2SAuth.Webhooks;

/// <summary>The metadata <c>.RequireWebhookSignature(...)</c> adds to a minimal-API endpoint or group.</summary>
internal sealed record WebhookEndpoint(string Provider, Func<WebhookContext, ReadOnlyMemory<byte>, string?>? TenantResolver) : IWebhookDeclaration;

/// <summary>Marks an endpoint whose request delegate the webhook filter already wraps (a group and its endpoint both asked).</summary>
internal sealed class WebhookFilterApplied
{
    public static readonly WebhookFilterApplied Instance = new();

    private WebhookFilterApplied()
    {
    }
}
