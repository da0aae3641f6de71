namespace S2SAuth.Tenants;

/// <summary>
/// The tenant a request names in its declared tenant parameters: none, one, or a refusal when the request names
/// several different tenants, names an invalid tenant id (then <see cref="TenantId"/> holds it escaped, for the audit),
/// or its body cannot be read.
/// </summary>
internal readonly record struct RequestedTenant(string? TenantId, string? ErrorCode, string? Detail)
{
    public static RequestedTenant None => default;

    public static RequestedTenant Refused(string code, string detail) => new(null, code, detail);
}
