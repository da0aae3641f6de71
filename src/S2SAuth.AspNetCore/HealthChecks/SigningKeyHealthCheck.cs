using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using S2SAuth.Keys;

namespace S2SAuth.HealthChecks;

/// <summary>
/// Health of the issuer's signing keys, read from <see cref="SigningKeyCache"/>: healthy while keys are cached and were
/// fetched within <c>KeyRefreshInterval</c> (plus a margin), degraded while the last refresh failed or is overdue (keys
/// still served), unhealthy with no keys (never fetched, withdrawn, or past <c>KeyMaxStaleness</c>).
/// A probe never waits on the network while keys are cached: when they are due it starts the background refresh a
/// request would (rate-limited by <c>KeyRefreshMinInterval</c>). With no keys it makes the cache's one bounded attempt
/// (the same rate limit, <c>MetadataTimeout</c>), so an idle instance can become ready without traffic.
/// </summary>
internal sealed class SigningKeyHealthCheck(SigningKeyCache keys, IOptions<ServiceAuthOptions> options, TimeProvider time) : IHealthCheck
{
    public const string Name = "s2sauth-signing-keys";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var current = keys.CurrentAt(now);
        if (current is null)
        {
            try
            {
                current = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                current = null;
            }

            now = time.GetUtcNow();
        }
        else
        {
            keys.RefreshIfDue(now);
        }

        var data = new Dictionary<string, object>();
        var failure = keys.LastFailure;
        if (failure is not null)
        {
            data["last_error"] = failure.Reason;
        }

        if (current is null)
        {
            data["key_count"] = 0;
            return HealthCheckResult.Unhealthy("No signing keys: tokens are refused with 503 signing_keys_unavailable.", data: data);
        }

        var age = now - current.FetchedAt;
        data["key_count"] = current.KeysById.Count;
        data["age_seconds"] = Math.Round(age.TotalSeconds, 0, MidpointRounding.ToZero);
        var expiresIn = (settings.KeyMaxStaleness - age).TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        if (failure is not null)
        {
            return HealthCheckResult.Degraded($"The last signing-key refresh failed; the cached keys are served for {expiresIn} s more.", data: data);
        }

        if (age >= settings.KeyRefreshInterval + Margin(settings))
        {
            return HealthCheckResult.Degraded($"The signing keys are overdue for refresh; they are served for {expiresIn} s more.", data: data);
        }

        return HealthCheckResult.Healthy("Signing keys cached.", data);
    }

    /// <summary>How long past <c>KeyRefreshInterval</c> keys still count as fresh: time for the next allowed attempt and its timeout.</summary>
    internal static TimeSpan Margin(ServiceAuthOptions settings) => settings.KeyRefreshMinInterval + settings.MetadataTimeout;
}
