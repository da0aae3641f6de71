namespace S2SAuth.Authorization;

/// <summary>The outcome of one <c>RequireActivity</c> decision.</summary>
internal readonly record struct ActivityDecision(string Activity, int Status, string? Code, string? Detail, string? RequestedTenantId, bool CrossTenant)
{
    /// <summary>The audited activity of a decision on an endpoint without <c>RequireActivity</c> (a refused tenant conflict).</summary>
    public const string NoActivity = "(none)";

    public bool Allowed => Code is null;

    public static ActivityDecision Allow(string activity, string? requestedTenantId, bool crossTenant) =>
        new(activity, 200, null, null, requestedTenantId, crossTenant);

    public static ActivityDecision Deny(string activity, int status, string code, string? detail, string? requestedTenantId = null) =>
        new(activity, status, code, detail, requestedTenantId, false);
}
