namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>A JSON body that names its tenant.</summary>
public sealed record OrderRequest(string? TenantId, string? OrderId, int Quantity);
