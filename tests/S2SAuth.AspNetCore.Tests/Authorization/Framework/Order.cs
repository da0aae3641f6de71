namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>An object guarded by an object-level rule.</summary>
public sealed record Order(string Id, string TenantId, string OwnerId);
