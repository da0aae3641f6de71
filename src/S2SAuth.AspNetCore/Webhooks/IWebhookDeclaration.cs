namespace S2SAuth.Webhooks;

/// <summary>
/// Endpoint metadata: the endpoint receives deliveries of one webhook provider, verified before it runs. The
/// authorization layer lets such an endpoint through without a service token (a provider has none); the webhook filter
/// refuses every delivery whose signature does not hold. The innermost declaration wins.
/// </summary>
internal interface IWebhookDeclaration
{
    /// <summary>The provider's name under <c>ServiceAuth:Webhooks</c>.</summary>
    string Provider { get; }

    /// <summary>The endpoint's tenant resolver, run only after the signature held and the event was found new; or null.</summary>
    Func<WebhookContext, ReadOnlyMemory<byte>, string?>? TenantResolver { get; }
}
