namespace S2SAuth;

/// <summary>
/// The remote RBAC service asked by <c>AddRemotePermissions()</c>, bound from <c>ServiceAuth:RemotePermissions</c>.
/// Contract: <c>POST {Endpoint}</c> with <c>{"userId","tenantId","activity"}</c>; the answer is 200 with
/// <c>{"allowed": true|false}</c>. Anything else is "cannot answer" and refuses the request.
/// </summary>
public sealed class RemotePermissionOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = ServiceAuthOptions.SectionName + ":RemotePermissions";

    /// <summary>The check URL of the RBAC service. Required; https unless loopback or <see cref="RequireHttps"/> is off.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Require an https <see cref="Endpoint"/> (loopback excepted). Default <see langword="true"/>.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>How long an answer (granted or denied) is reused. Default 30 seconds, at most 5 minutes; zero disables the cache.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most answers kept at once. Default 10,000.</summary>
    public int CacheSize { get; set; } = 10_000;

    /// <summary>Time limit of one call. Default 2 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
}
