namespace S2SAuth.ApiKeys;

/// <summary>One API key of a client: its public id, the hash of the whole key, and when it is in force.</summary>
internal sealed class ApiKeyEntryOptions
{
    /// <summary>The key id, the part of the key between <c>s2s_</c> and the secret: <c>[a-z0-9-]{3,32}</c>, unique across clients.</summary>
    public string? Id { get; set; }

    /// <summary><c>sha256:</c> and the SHA-256 of the whole key (UTF-8), as 64 hex digits or base64 / base64url.</summary>
    public string? Hash { get; set; }

    /// <summary>When the key stops being accepted (401 <c>api_key_expired</c>); none: never.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When the key starts being accepted (401 <c>api_key_not_yet_valid</c> before); none: at once.</summary>
    public DateTimeOffset? NotBefore { get; set; }
}
