using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace S2SAuth.Revocation;

/// <summary>
/// Health of the revocation state: healthy while in sync (always, with the in-memory store); unhealthy while requests
/// are refused for it (never loaded, stale under fail-closed, overflow); degraded while stale under fail-open.
/// </summary>
internal sealed class RevocationHealthCheck(RevocationState state, TimeProvider time) : IHealthCheck
{
    public const string Name = "s2sauth-revocation";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcTicks;
        var data = new Dictionary<string, object>
        {
            ["tokens"] = state.TokenCount,
            ["subjects"] = state.SubjectCount,
        };
        if (state.Staleness(now) is { } staleness)
        {
            data["staleness_seconds"] = Math.Round(staleness.TotalSeconds, 3);
        }

        HealthCheckResult result;
        if (state.IsOverflowed(now))
        {
            result = HealthCheckResult.Unhealthy("Revocation state overflowed (MaxEntries): requests are refused with 503 revocation_state_overflow.", data: data);
        }
        else if (!state.Loaded)
        {
            result = HealthCheckResult.Unhealthy("Revocation state not loaded from the shared store yet: requests are refused with 503 revocation_state_stale.", data: data);
        }
        else if (state.IsStale(now))
        {
            result = !state.FailOpen
                ? HealthCheckResult.Unhealthy("Revocation state stale beyond MaxStaleness: requests are refused with 503 revocation_state_stale.", data: data)
                : HealthCheckResult.Degraded("Revocation state stale beyond MaxStaleness: requests are let through (StalePolicy FailOpen).", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy("Revocation state in sync.", data);
        }

        return Task.FromResult(result);
    }
}
