namespace S2SAuth;

/// <summary>
/// Names of S2SAuth's metrics and trace tags (OpenTelemetry style). Collect the metrics with
/// <c>.AddMeter(ServiceAuthTelemetry.MeterName)</c>.
/// </summary>
public static class ServiceAuthTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>S2SAuth</c>.</summary>
    public const string MeterName = "S2SAuth";

    /// <summary>Counter of <c>RequireActivity</c> decisions, tagged with outcome, reason and activity.</summary>
    public const string DecisionsCounter = "s2sauth.authorization.decisions";

    /// <summary>Histogram of the time one <c>RequireActivity</c> decision takes, in seconds.</summary>
    public const string DecisionDuration = "s2sauth.authorization.duration";

    /// <summary>Tag: <c>allowed</c> or <c>denied</c> (metrics and traces).</summary>
    public const string OutcomeTag = "s2sauth.authorization.outcome";

    /// <summary>Tag: the error code of a denial (metrics and traces); absent when allowed.</summary>
    public const string ReasonTag = "s2sauth.authorization.reason";

    /// <summary>Tag: the activity decided (metrics and traces).</summary>
    public const string ActivityTag = "s2sauth.activity";

    /// <summary>Tag: <see langword="true"/> when an allowed decision acted across tenants (metrics and traces).</summary>
    public const string CrossTenantTag = "s2sauth.authorization.cross_tenant";

    /// <summary>Trace tag: the verified calling service.</summary>
    public const string ServiceIdTag = "s2sauth.service.id";

    /// <summary>Trace tag: the verified user.</summary>
    public const string UserIdTag = "s2sauth.user.id";

    /// <summary>Trace tag: the derived tenant.</summary>
    public const string TenantIdTag = "s2sauth.tenant.id";
}
