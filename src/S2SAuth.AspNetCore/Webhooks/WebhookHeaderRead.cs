namespace S2SAuth.Webhooks;

/// <summary>The outcome of reading one webhook header with <see cref="WebhookHeaders.TryGetSingle"/>.</summary>
internal enum WebhookHeaderRead
{
    /// <summary>Exactly one non-empty value within the length bound.</summary>
    Found,

    /// <summary>Absent or empty.</summary>
    Missing,

    /// <summary>Repeated, or longer than the bound.</summary>
    Malformed,
}
