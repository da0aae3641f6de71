using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace S2SAuth.Redis.Revocation;

/// <summary>
/// Reads and writes the Redis layout of <see cref="RedisRevocationKeys"/>. A write is one Lua script, atomic: the epoch
/// (if missing), the snapshot entry (<c>ZADD GT</c>, keeping the later instant), the snapshot's trim of what can no
/// longer matter, the numbered log entry (<c>INCR</c> seq, <c>XADD MAXLEN ~</c>) and the doorbell (<c>PUBLISH</c>). So an
/// entry is in the log if and only if it is in the snapshot (until trimmed), and a reader that finds the next log
/// entry not numbered one more than the last it read knows it missed some and reloads the snapshot. Each log entry
/// also carries <c>p</c>, the writer's clock (Unix ms) at publication, for the revocation-lag histogram; readers
/// accept entries without it (written by an older version) and then use the entry id's time (the Redis server's clock).
/// </summary>
internal sealed class RedisRevocationStore
{
    public const string TokenKind = "t";
    public const string SubjectKind = "s";

    private const string WriteScript = """
        redis.call('SET', KEYS[1], ARGV[1], 'NX')
        redis.call('ZADD', KEYS[2], 'GT', ARGV[3], ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])
        local n = redis.call('INCR', KEYS[4])
        local id = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[8], '*', 'n', n, 'k', ARGV[5], 'i', ARGV[6], 'v', ARGV[7], 'x', ARGV[3], 'p', ARGV[10])
        redis.call('PUBLISH', ARGV[9], id)
        return id
        """;

    private readonly RedisRevocationConnection _connection;
    private readonly TimeProvider _time;
    private readonly string _prefix;
    private readonly int _streamMaxLength;

    public RedisRevocationStore(RedisRevocationConnection connection, IOptions<RedisRevocationOptions> options, IOptions<ServiceAuthOptions> serviceAuth, TimeProvider time)
    {
        _connection = connection;
        _time = time;
        _prefix = options.Value.KeyPrefix;
        _streamMaxLength = options.Value.StreamMaxLength;
        Keys = new RedisRevocationKeys(_prefix);
        SkewMs = (long)serviceAuth.Value.ClockSkew.TotalMilliseconds;
        CutOffRetention = serviceAuth.Value.LongestTokenLifetime() + serviceAuth.Value.ClockSkew;
        MaxTokenRetention = serviceAuth.Value.LongestTokenLifetime() + serviceAuth.Value.ClockSkew + serviceAuth.Value.ClockSkew;
    }

    /// <summary>How long a cut-off matters: <c>MaxTokenLifetime</c> + skew (the snapshot is trimmed past it).</summary>
    public TimeSpan CutOffRetention { get; }

    /// <summary>The latest a revoked token can still be accepted, from now: <c>MaxTokenLifetime</c> + 2 × skew (a later <c>exp</c> is clamped to it).</summary>
    public TimeSpan MaxTokenRetention { get; }

    public RedisRevocationKeys Keys { get; }

    public RedisKey Sequence => _prefix + "seq";

    public long SkewMs { get; }

    public Task<IConnectionMultiplexer> ConnectAsync() => _connection.GetAsync();

    /// <summary>Records a revoked token (<paramref name="expiresUnixMs"/> = its <c>exp</c>).</summary>
    public async Task WriteTokenAsync(string issuer, string tokenId, long expiresUnixMs)
    {
        var db = (await _connection.GetAsync().ConfigureAwait(false)).GetDatabase();
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await WriteAsync(db, Keys.Tokens, TokenKind, issuer, tokenId, expiresUnixMs, nowMs - SkewMs).ConfigureAwait(false);
    }

    /// <summary>Records a subject cut-off (<paramref name="cutOffUnixMs"/>).</summary>
    public async Task WriteCutOffAsync(string issuer, string subject, long cutOffUnixMs)
    {
        var db = (await _connection.GetAsync().ConfigureAwait(false)).GetDatabase();
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await WriteAsync(db, Keys.Subjects, SubjectKind, issuer, subject, cutOffUnixMs, nowMs - (long)CutOffRetention.TotalMilliseconds).ConfigureAwait(false);
    }

    /// <summary>One write, with the given snapshot and the score below which its entries can no longer matter.</summary>
    public Task<RedisResult> WriteAsync(IDatabaseAsync db, RedisKey snapshot, string kind, string issuer, string value, long unixMs, long trimBelowUnixMs) =>
        db.ScriptEvaluateAsync(WriteScript,
            [Keys.Epoch, snapshot, Keys.Log, Sequence],
            [
                Guid.NewGuid().ToString("N"),
                RedisRevocationKeys.Member(issuer, value),
                unixMs,
                trimBelowUnixMs,
                kind,
                issuer,
                value,
                _streamMaxLength.ToString(CultureInfo.InvariantCulture),
                Keys.EventsName,
                _time.GetUtcNow().ToUnixTimeMilliseconds(),
            ]);
}
