using Microsoft.Extensions.Diagnostics.HealthChecks;
using S2SAuth.Client.Tokens;

namespace S2SAuth.HealthChecks;

/// <summary>
/// Health of the outgoing service tokens (S2SAuth.Client), read from <see cref="ServiceTokenCache"/>'s slots, one per
/// (audience, scopes): healthy while each slot has a usable token or has not needed one yet; degraded while a slot serves
/// its cached token after a failed refresh; unhealthy while a slot whose last request failed has no usable token (its
/// calls fail). Never calls the issuer. Data: slot count and the failing audiences (names only, never a token).
/// </summary>
internal sealed class ServiceTokenHealthCheck(ServiceTokenCache cache, TimeProvider time) : IHealthCheck
{
    public const string Name = "s2sauth-service-token";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var slots = cache.Slots;
        var unavailable = new SortedSet<string>(StringComparer.Ordinal);
        var serving = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var slot in slots)
        {
            if (!slot.LastRequestFailed)
            {
                continue;
            }

            var audience = slot.Key.Audience ?? "(none)";
            if (slot.Current is { } token && now < token.UsableUntil)
            {
                serving.Add(audience);
            }
            else
            {
                unavailable.Add(audience);
            }
        }

        var data = new Dictionary<string, object> { ["slots"] = slots.Count };
        if (unavailable.Count > 0)
        {
            data["unavailable_audiences"] = unavailable.ToArray();
        }

        if (serving.Count > 0)
        {
            data["stale_audiences"] = serving.ToArray();
        }

        var result = unavailable.Count > 0
            ? HealthCheckResult.Unhealthy("No usable service token for some audiences: their calls fail with ServiceTokenUnavailableException.", data: data)
            : serving.Count > 0
                ? HealthCheckResult.Degraded("Token refresh failing for some audiences: their cached tokens are still sent.", data: data)
                : HealthCheckResult.Healthy("Service tokens usable.", data);
        return Task.FromResult(result);
    }
}
