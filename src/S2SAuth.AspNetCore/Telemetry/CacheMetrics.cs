using System.Diagnostics.Metrics;

namespace S2SAuth.Telemetry;

/// <summary>
/// The <c>S2SAuth</c> meter's cache-lookup counters, tagged hit or miss so a hit ratio can be computed: the
/// verified-token cache (by token kind) and the remote permission source's answer cache. The tag sets are built once:
/// a lookup costs one <see cref="Counter{T}.Add(T, ReadOnlySpan{KeyValuePair{string, object}})"/>.
/// </summary>
internal sealed class CacheMetrics
{
    private static readonly KeyValuePair<string, object?>[] ServiceHit = Tags("hit", "service");
    private static readonly KeyValuePair<string, object?>[] ServiceMiss = Tags("miss", "service");
    private static readonly KeyValuePair<string, object?>[] UserHit = Tags("hit", "user");
    private static readonly KeyValuePair<string, object?>[] UserMiss = Tags("miss", "user");
    private static readonly KeyValuePair<string, object?>[] Hit = [new(ServiceAuthTelemetry.CacheResultTag, "hit")];
    private static readonly KeyValuePair<string, object?>[] Miss = [new(ServiceAuthTelemetry.CacheResultTag, "miss")];

    private readonly Counter<long> _tokens;
    private readonly Counter<long> _permissions;

    public CacheMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceAuthTelemetry.MeterName);
        _tokens = meter.CreateCounter<long>(ServiceAuthTelemetry.VerifiedTokenCacheLookups, "{lookup}",
            "Verified-token cache lookups, by result (hit, miss) and token kind.");
        _permissions = meter.CreateCounter<long>(ServiceAuthTelemetry.PermissionCacheLookups, "{lookup}",
            "Remote permission-source cache lookups, by result (hit, miss).");
    }

    public void TokenLookup(TokenKind kind, bool hit) =>
        _tokens.Add(1, kind == TokenKind.Service ? (hit ? ServiceHit : ServiceMiss) : (hit ? UserHit : UserMiss));

    public void PermissionLookup(bool hit) => _permissions.Add(1, hit ? Hit : Miss);

    private static KeyValuePair<string, object?>[] Tags(string result, string kind) =>
        [new(ServiceAuthTelemetry.CacheResultTag, result), new(ServiceAuthTelemetry.TokenKindTag, kind)];
}
