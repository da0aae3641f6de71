using System.Globalization;
using StackExchange.Redis;

namespace S2SAuth.Redis.Revocation;

/// <summary>
/// The Redis layout (prefix P, default <c>s2sauth:revocation:</c>):
/// <list type="bullet">
/// <item><c>P epoch</c>: a random id, set once; a different (or missing) one means the server lost its data;</item>
/// <item><c>P tokens</c>: sorted set, member = issuer + <c>jti</c>, score = <c>exp</c> (Unix ms): the snapshot of revoked tokens;</item>
/// <item><c>P subjects</c>: sorted set, member = issuer + subject, score = cut-off (Unix ms): the snapshot of cut-offs;</item>
/// <item><c>P log</c>: stream, one entry per revocation (<c>k</c> = <c>t</c>|<c>s</c>, <c>i</c> issuer, <c>v</c> jti|subject, <c>x</c> Unix ms), trimmed to <c>StreamMaxLength</c>;</item>
/// <item><c>P events</c>: pub/sub channel, a doorbell rung after each write (its message carries nothing).</item>
/// </list>
/// A member is <c>{issuer length}:{issuer}{value}</c>, so no character of either needs escaping.
/// </summary>
internal sealed class RedisRevocationKeys(string prefix)
{
    public RedisKey Epoch { get; } = prefix + "epoch";

    public RedisKey Tokens { get; } = prefix + "tokens";

    public RedisKey Subjects { get; } = prefix + "subjects";

    public RedisKey Log { get; } = prefix + "log";

    public string EventsName { get; } = prefix + "events";

    public RedisChannel Events => RedisChannel.Literal(EventsName);

    public static string Member(string issuer, string value) => issuer.Length.ToString(CultureInfo.InvariantCulture) + ":" + issuer + value;

    public static bool TryParseMember(string member, out string issuer, out string value)
    {
        issuer = value = "";
        var colon = member.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !int.TryParse(member.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > member.Length - colon - 1)
        {
            return false;
        }

        issuer = member.Substring(colon + 1, length);
        value = member[(colon + 1 + length)..];
        return issuer.Length > 0 && value.Length > 0;
    }

    /// <summary>Unix milliseconds, rounded up (a revocation is never shortened by the rounding).</summary>
    public static long CeilingUnixMs(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;

    public static long CeilingUnixMs(long utcTicks) => CeilingUnixMs(new DateTimeOffset(utcTicks, TimeSpan.Zero));

    public static DateTimeOffset FromUnixMs(double ms) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Clamp(ms, 0, 253402300799999));

    /// <summary>Compares two stream ids (<c>ms-seq</c>) numerically.</summary>
    public static int CompareIds(string a, string b) => ParseId(a).CompareTo(ParseId(b));

    private static (long Ms, long Seq) ParseId(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? (long.Parse(id, CultureInfo.InvariantCulture), 0)
            : (long.Parse(id.AsSpan(0, dash), CultureInfo.InvariantCulture), long.Parse(id.AsSpan(dash + 1), CultureInfo.InvariantCulture));
    }
}
