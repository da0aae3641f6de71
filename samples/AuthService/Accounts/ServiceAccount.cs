namespace AuthService.Accounts;

/// <summary>What the issuer needs to know about a service account when it issues a token. No secret here.</summary>
public sealed record ServiceAccount(string Id, string? TenantId, bool Disabled);
