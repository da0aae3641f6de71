namespace S2SAuth.ApiKeys;

/// <summary>One API-key caller (<c>ServiceAuth:ApiKeys:Clients:{name}</c>): who its keys prove, and its keys (at most two active).</summary>
internal sealed class ApiKeyClientOptions
{
    /// <summary>The service id its keys prove (<see cref="ServiceIdentity.ServiceId"/>).</summary>
    public string? ServiceId { get; set; }

    /// <summary>The scopes its keys grant (<see cref="ServiceIdentity.Scopes"/>), checked by <c>RequireActivity</c> like a token's.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The tenant its keys are bound to (tenant source <see cref="TenantSource.Credential"/>), or none.</summary>
    public string? Tenant { get; set; }

    /// <summary>Its keys, as hashes.</summary>
    public List<ApiKeyEntryOptions> Keys { get; set; } = [];
}
