namespace AuthService.Configuration;

/// <summary>
/// One service account (an entry of the <c>ServiceAccounts</c> section), seeded as an OpenIddict confidential
/// application at start-up. The secret is hashed by OpenIddict before it is stored and never logged.
/// </summary>
public sealed class ServiceAccountSettings
{
    public const string SectionName = "ServiceAccounts";

    /// <summary>The service id: the OAuth2 <c>client_id</c> and the token's <c>sub</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>The client secret (at least 16 characters). Comes from configuration or a secret store.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The scopes this account may ask for; each must be declared in the <c>Scopes</c> section.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>For a tenant-scoped account (a background job of one tenant): its tokens carry <c>tenant_id</c>.</summary>
    public string? TenantId { get; set; }

    /// <summary>A disabled account keeps its row but gets <c>invalid_client</c> and no token.</summary>
    public bool Disabled { get; set; }

    /// <summary>Never print the secret, not even by accident in a debugger or a log of the whole object.</summary>
    public override string ToString() => $"ServiceAccount {Id}";
}
