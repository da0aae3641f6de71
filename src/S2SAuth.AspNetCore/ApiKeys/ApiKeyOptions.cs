namespace S2SAuth.ApiKeys;

/// <summary>
/// API keys for legacy and partner callers, bound from <c>ServiceAuth:ApiKeys</c> (configuration only; keys reload when
/// the configuration changes). Holds only hashes of keys, never a key.
/// </summary>
internal sealed class ApiKeyOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = ServiceAuthOptions.SectionName + ":ApiKeys";

    /// <summary>The default request header carrying the key.</summary>
    public const string DefaultHeader = "X-Api-Key";

    /// <summary>The request header carrying the key; read at start-up only. Default <c>X-Api-Key</c>.</summary>
    public string Header { get; set; } = DefaultHeader;

    /// <summary>The callers, by name (the name is a metric tag and appears in logs; it is not sent by the caller).</summary>
    public Dictionary<string, ApiKeyClientOptions> Clients { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
