using Microsoft.Extensions.Diagnostics.HealthChecks;
using S2SAuth.Rbac;

namespace S2SAuth.HealthChecks;

/// <summary>
/// Health of the remote permission source (<c>AddRemotePermissions</c>), read from what its calls already saw; a probe
/// never calls the source (a probe per health request would multiply its load). Healthy while the last call succeeded
/// (or none was made yet); degraded while the last call failed but cached answers are still served; unhealthy while the
/// last call failed and no cached answer is left, or calls have failed for longer than the cache duration. Data: the
/// consecutive failures, for how long, and the last stable reason (never a body, URL or exception message).
/// </summary>
internal sealed class PermissionSourceHealthCheck(HttpPermissionSource source, TimeProvider time) : IHealthCheck
{
    public const string Name = "s2sauth-permission-source";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var status = source.Status.Current;
        var data = new Dictionary<string, object> { ["cached_answers"] = source.CachedAnswers };
        if (status.LastSuccess is { } success)
        {
            data["last_success_seconds_ago"] = Math.Round((now - success).TotalSeconds, 0, MidpointRounding.ToZero);
        }

        if (status.FailingSince is not { } since)
        {
            return Task.FromResult(status.LastSuccess is null
                ? HealthCheckResult.Healthy("No call to the permission source yet.", data)
                : HealthCheckResult.Healthy("The last call to the permission source succeeded.", data));
        }

        var failing = now - since;
        data["consecutive_failures"] = status.ConsecutiveFailures;
        data["failing_seconds"] = Math.Round(failing.TotalSeconds, 0, MidpointRounding.ToZero);
        data["last_error"] = status.LastError ?? "unknown";
        if (failing <= source.CacheDuration && source.ServesCachedAnswers(now))
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                "The last call to the permission source failed; cached answers are still served, other questions are refused with 503 permission_source_unavailable.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Unhealthy(
            "The permission source is failing and no cached answer is left: user permission checks are refused with 503 permission_source_unavailable.", data: data));
    }
}
