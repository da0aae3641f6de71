using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;
using S2SAuth.Telemetry;

namespace S2SAuth.Revocation;

/// <summary>
/// This instance's revocation state, checked on every request without any I/O:
/// <list type="bullet">
/// <item>the token denylist: (issuer, <c>jti</c>) → the instant the entry is forgotten (<c>exp</c> + clock skew, at most
/// <c>MaxTokenLifetime</c> + 2 × skew from when it was applied, the longest any token can still be accepted);</item>
/// <item>subject cut-offs: (issuer, subject) → T, tokens with <c>iat</c> &lt; T refused; forgotten at T + <c>MaxTokenLifetime</c>
/// + skew, when no token issued before T can still be accepted.</item>
/// </list>
/// Both only grow until entries expire (a revocation cannot be undone; a later one supersedes an earlier one), so
/// applying the same revocation twice, or in any order, gives the same state: a shared store can replay its log freely.
/// At most <see cref="RevocationOptions.MaxEntries"/> entries in all; one that does not fit puts the state in overflow
/// (every request 503) until it would have expired: fail closed. Fed by the in-memory store, or by a shared store that
/// also reports when it last confirmed the state in sync (<see cref="MarkSynchronized"/>).
/// </summary>
internal sealed class RevocationState
{
    public const string LocalSource = "local";
    public const string StoreSource = "store";
    private const int MaxInternedIssuers = 64;

    private readonly ConcurrentDictionary<RevocationKey, long> _tokens = new();
    private readonly ConcurrentDictionary<RevocationKey, long> _subjects = new();
    private readonly ConcurrentDictionary<string, string> _issuers = new(StringComparer.Ordinal);
    private readonly IRevocationObserver[] _observers;
    private readonly RevocationMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxEntries;
    private readonly long _skewTicks;
    private readonly long _maxTokenRetentionTicks;
    private readonly long _cutOffRetentionTicks;
    private readonly long _maxStalenessTicks;
    private readonly bool _failOpen;
    private readonly bool _shared;
    private readonly TimeSpan _maxStaleness;
    private int _tokenCount;
    private int _subjectCount;
    private long _overflowUntilTicks;
    private long _refuseAfterTicks;
    private long _lastSyncTicks;
    private long _lastFullSweepTicks;
    private bool _loaded;
    private bool _reportedStale;

    public RevocationState(IOptions<RevocationOptions> options, IOptions<ServiceAuthOptions> serviceAuth, IEnumerable<IRevocationObserver> observers,
        RevocationMetrics metrics, TimeProvider time, ILogger<RevocationState> logger)
    {
        var o = options.Value;
        var s = serviceAuth.Value;
        _observers = [.. observers];
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _maxEntries = o.MaxEntries;
        _skewTicks = Math.Max(0, s.ClockSkew.Ticks);
        _maxTokenRetentionTicks = s.LongestTokenLifetime().Ticks + (2 * _skewTicks);
        _cutOffRetentionTicks = s.LongestTokenLifetime().Ticks + _skewTicks;
        _maxStaleness = o.MaxStaleness;
        _maxStalenessTicks = o.MaxStaleness.Ticks;
        _failOpen = o.StalePolicy == RevocationStalePolicy.FailOpen;
        _shared = o.SharedStore;
        _lastSyncTicks = time.GetUtcNow().UtcTicks;

        // One compare on the request path: never refuse (no shared store), always refuse (not loaded yet), or refuse
        // once the last confirmed sync is older than MaxStaleness (fail closed).
        _refuseAfterTicks = _shared ? long.MinValue : long.MaxValue;
        metrics.Observe(() => (TokenCount, SubjectCount), () => _shared ? Staleness(_time.GetUtcNow().UtcTicks) : null);
    }

    /// <summary>Revoked tokens held.</summary>
    public int TokenCount => Volatile.Read(ref _tokenCount);

    /// <summary>Subject cut-offs held.</summary>
    public int SubjectCount => Volatile.Read(ref _subjectCount);

    /// <summary>Whether a shared store feeds this state (it can then be stale).</summary>
    public bool Shared => _shared;

    /// <summary>Whether a shared store has loaded the full state at least once (always true without one).</summary>
    public bool Loaded => !_shared || Volatile.Read(ref _loaded);

    /// <summary>Whether a stale state lets requests through (<see cref="RevocationStalePolicy.FailOpen"/>).</summary>
    public bool FailOpen => _failOpen;

    /// <summary>The configured staleness bound.</summary>
    public TimeSpan MaxStaleness => _maxStaleness;

    /// <summary>The longest a token can be accepted after it was revoked, as a retention: <c>MaxTokenLifetime</c> + 2 × skew.</summary>
    public TimeSpan MaxTokenRetention => TimeSpan.FromTicks(_maxTokenRetentionTicks);

    /// <summary>How long a cut-off is kept after its instant: <c>MaxTokenLifetime</c> + skew.</summary>
    public TimeSpan CutOffRetention => TimeSpan.FromTicks(_cutOffRetentionTicks);

    /// <summary>The request path: what the state says of <paramref name="token"/> at <paramref name="nowUtcTicks"/>. No I/O, no allocation.</summary>
    public RevocationVerdict Check(VerifiedTokenInfo token, long nowUtcTicks)
    {
        if (Volatile.Read(ref _tokenCount) != 0 && token.TokenId.Length != 0 && _tokens.ContainsKey(new RevocationKey(token.Issuer, token.TokenId)))
        {
            return RevocationVerdict.TokenRevoked;
        }

        if (Volatile.Read(ref _subjectCount) != 0 && token.Subject.Length != 0
            && _subjects.TryGetValue(new RevocationKey(token.Issuer, token.Subject), out var cutOff) && token.IssuedAt.UtcTicks < cutOff)
        {
            return RevocationVerdict.SubjectCutOff;
        }

        if (nowUtcTicks < Volatile.Read(ref _overflowUntilTicks))
        {
            return RevocationVerdict.Overflow;
        }

        return nowUtcTicks > Volatile.Read(ref _refuseAfterTicks) ? RevocationVerdict.Stale : RevocationVerdict.Allowed;
    }

    /// <summary>Revokes the token <paramref name="tokenId"/> of <paramref name="issuer"/> until <paramref name="expiresAt"/> (+ skew).</summary>
    public ApplyOutcome ApplyToken(string issuer, string tokenId, DateTimeOffset expiresAt, string source, bool log = true)
    {
        var now = _time.GetUtcNow().UtcTicks;
        var forgetAt = Math.Min(SafeAdd(expiresAt.UtcTicks, _skewTicks), now + _maxTokenRetentionTicks);
        if (forgetAt <= now || tokenId.Length == 0)
        {
            return ApplyOutcome.Expired;
        }

        var outcome = Upsert(_tokens, ref _tokenCount, new RevocationKey(Intern(issuer), tokenId), forgetAt, forgetAt, now);
        if (outcome is ApplyOutcome.Unchanged)
        {
            return outcome;
        }

        _metrics.Applied("token", source);
        if (log)
        {
            Log.TokenRevocationApplied(_logger, tokenId, issuer, expiresAt, source);
        }

        for (var i = 0; i < _observers.Length; i++)
        {
            try
            {
                _observers[i].TokenRevoked(issuer, tokenId);
            }
            catch (Exception ex)
            {
                Log.RevocationObserverFailed(_logger, _observers[i].GetType().Name, ex.GetType().Name);
            }
        }

        return outcome;
    }

    /// <summary>Cuts off the tokens of <paramref name="subject"/> at <paramref name="issuer"/> issued before <paramref name="issuedBefore"/>.</summary>
    public ApplyOutcome ApplyCutOff(string issuer, string subject, DateTimeOffset issuedBefore, string source, bool log = true)
    {
        var now = _time.GetUtcNow().UtcTicks;
        var cutOff = Math.Min(issuedBefore.UtcTicks, now + _cutOffRetentionTicks);
        var forgetAt = SafeAdd(cutOff, _cutOffRetentionTicks);
        if (forgetAt <= now || subject.Length == 0)
        {
            return ApplyOutcome.Expired;
        }

        var outcome = Upsert(_subjects, ref _subjectCount, new RevocationKey(Intern(issuer), subject), cutOff, forgetAt, now);
        if (outcome is ApplyOutcome.Unchanged)
        {
            return outcome;
        }

        _metrics.Applied("subject", source);
        if (log)
        {
            Log.SubjectCutOffApplied(_logger, subject, issuer, issuedBefore, source);
        }

        for (var i = 0; i < _observers.Length; i++)
        {
            try
            {
                _observers[i].SubjectCutOff(issuer, subject, issuedBefore);
            }
            catch (Exception ex)
            {
                Log.RevocationObserverFailed(_logger, _observers[i].GetType().Name, ex.GetType().Name);
            }
        }

        return outcome;
    }

    /// <summary>The revoked tokens held: issuer, <c>jti</c>, and when each is forgotten (UTC ticks).</summary>
    public IEnumerable<(string Issuer, string TokenId, long ForgetAtUtcTicks)> Tokens()
    {
        foreach (var (key, forgetAt) in _tokens)
        {
            yield return (key.Issuer, key.Value, forgetAt);
        }
    }

    /// <summary>The subject cut-offs held: issuer, subject, and the cut-off (UTC ticks).</summary>
    public IEnumerable<(string Issuer, string Subject, long CutOffUtcTicks)> CutOffs()
    {
        foreach (var (key, cutOff) in _subjects)
        {
            yield return (key.Issuer, key.Value, cutOff);
        }
    }

    /// <summary>
    /// A shared store confirmed the state in sync with it as of <paramref name="asOfUtcTicks"/> (when the confirming
    /// read was sent). The first call marks the state loaded.
    /// </summary>
    public void MarkSynchronized(long asOfUtcTicks)
    {
        long current;
        while ((current = Volatile.Read(ref _lastSyncTicks)) < asOfUtcTicks && Interlocked.CompareExchange(ref _lastSyncTicks, asOfUtcTicks, current) != current)
        {
        }

        Volatile.Write(ref _loaded, true);
        Volatile.Write(ref _refuseAfterTicks, _failOpen ? long.MaxValue : SafeAdd(Volatile.Read(ref _lastSyncTicks), _maxStalenessTicks));
        ReportStaleness(_time.GetUtcNow().UtcTicks);
    }

    /// <summary>Time since the last confirmed sync (since start-up while never loaded); null without a shared store.</summary>
    public TimeSpan? Staleness(long nowUtcTicks) => _shared ? TimeSpan.FromTicks(Math.Max(0, nowUtcTicks - Volatile.Read(ref _lastSyncTicks))) : null;

    /// <summary>Whether requests now meet the stale policy (or would, under fail-open): never loaded, or not in sync for longer than the bound.</summary>
    public bool IsStale(long nowUtcTicks) => _shared && (!Volatile.Read(ref _loaded) || nowUtcTicks - Volatile.Read(ref _lastSyncTicks) > _maxStalenessTicks);

    /// <summary>Whether the state is in overflow at <paramref name="nowUtcTicks"/>.</summary>
    public bool IsOverflowed(long nowUtcTicks) => nowUtcTicks < Volatile.Read(ref _overflowUntilTicks);

    /// <summary>Logs the state turning stale or fresh again (called by the background loops, never per request).</summary>
    public void ReportStaleness(long nowUtcTicks)
    {
        var stale = IsStale(nowUtcTicks) && Volatile.Read(ref _loaded);
        if (stale == _reportedStale)
        {
            return;
        }

        _reportedStale = stale;
        if (stale)
        {
            Log.RevocationStateStale(_logger, Staleness(nowUtcTicks) ?? TimeSpan.Zero, _maxStaleness, _failOpen ? "FailOpen" : "FailClosed");
        }
        else
        {
            Log.RevocationStateFresh(_logger);
        }
    }

    /// <summary>Forgets every entry that can no longer matter at <paramref name="nowUtcTicks"/>; returns how many.</summary>
    public int Sweep(long nowUtcTicks)
    {
        var removed = 0;
        foreach (var entry in _tokens)
        {
            if (entry.Value <= nowUtcTicks && _tokens.TryRemove(entry))
            {
                Interlocked.Decrement(ref _tokenCount);
                removed++;
            }
        }

        foreach (var entry in _subjects)
        {
            if (SafeAdd(entry.Value, _cutOffRetentionTicks) <= nowUtcTicks && _subjects.TryRemove(entry))
            {
                Interlocked.Decrement(ref _subjectCount);
                removed++;
            }
        }

        if (removed > 0)
        {
            Log.RevocationsSwept(_logger, removed, TokenCount + SubjectCount);
        }

        return removed;
    }

    private ApplyOutcome Upsert(ConcurrentDictionary<RevocationKey, long> map, ref int count, RevocationKey key, long value, long forgetAt, long now)
    {
        while (true)
        {
            if (map.TryGetValue(key, out var current))
            {
                if (current >= value)
                {
                    return ApplyOutcome.Unchanged;
                }

                if (map.TryUpdate(key, value, current))
                {
                    return ApplyOutcome.Extended;
                }

                continue;
            }

            if (TokenCount + SubjectCount >= _maxEntries && !MakeRoom(now))
            {
                EnterOverflow(forgetAt);
                return ApplyOutcome.Overflow;
            }

            if (map.TryAdd(key, value))
            {
                Interlocked.Increment(ref count);
                return ApplyOutcome.Added;
            }
        }
    }

    /// <summary>At the cap: sweeps (at most once a second, so a flood at the cap costs no O(n) per revocation) and says whether there is room now.</summary>
    private bool MakeRoom(long now)
    {
        var last = Volatile.Read(ref _lastFullSweepTicks);
        if (now - last >= TimeSpan.TicksPerSecond && Interlocked.CompareExchange(ref _lastFullSweepTicks, now, last) == last)
        {
            Sweep(now);
        }

        return TokenCount + SubjectCount < _maxEntries;
    }

    private void EnterOverflow(long forgetAt)
    {
        _metrics.Overflowed();
        long current;
        do
        {
            current = Volatile.Read(ref _overflowUntilTicks);
            if (current >= forgetAt)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _overflowUntilTicks, forgetAt, current) != current);

        Log.RevocationCapacityReached(_logger, _maxEntries, new DateTimeOffset(forgetAt, TimeSpan.Zero));
    }

    /// <summary>One string per issuer (there are few), so entries loaded from a store do not each carry a copy.</summary>
    private string Intern(string issuer)
    {
        if (_issuers.TryGetValue(issuer, out var interned))
        {
            return interned;
        }

        return _issuers.Count < MaxInternedIssuers ? _issuers.GetOrAdd(issuer, issuer) : issuer;
    }

    private static long SafeAdd(long ticks, long add) =>
        ticks > DateTimeOffset.MaxValue.UtcTicks - add ? DateTimeOffset.MaxValue.UtcTicks : ticks + add;
}
