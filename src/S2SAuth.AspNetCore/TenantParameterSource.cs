namespace S2SAuth;

/// <summary>Where a request names the tenant it wants to act in.</summary>
public enum TenantParameterSource
{
    /// <summary>A route value, e.g. <c>{tenantId}</c> in <c>/tenants/{tenantId}/orders</c>.</summary>
    Route,

    /// <summary>A query-string parameter; every occurrence must name the same tenant.</summary>
    Query,

    /// <summary>A top-level property of a JSON body (matched case-insensitively; every match must name the same tenant).</summary>
    Body,
}
