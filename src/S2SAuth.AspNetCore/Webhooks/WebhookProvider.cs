namespace S2SAuth.Webhooks;

/// <summary>One configured webhook provider, ready to verify: its name, verifier, body bound and dedupe lifetime.</summary>
internal sealed record WebhookProvider(string Name, WebhookSignatureVerifier Verifier, long MaxBodyBytes, TimeSpan DedupeLifetime)
{
    /// <summary>Whether the event id is read from the verified JSON body (Stripe) rather than a header.</summary>
    public bool EventIdInBody => Verifier.SchemeName == "stripe";
}
