using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Logging;
using S2SAuth.Client.Telemetry;
using S2SAuth.Client.Tokens;

namespace S2SAuth.Client.Exchange;

/// <summary>
/// Exchanged user tokens of the process, one per (user token, audience, scopes):
/// <list type="bullet">
/// <item>a hit reads a dictionary and compares two instants, no lock; a token is used until <c>TokenExpiryMargin</c>
/// before the earlier of its own and the user token's expiry, then exchanged again;</item>
/// <item>one exchange in flight per key (every concurrent call for it awaits the same request), and after a failed one
/// the key answers the same failure for <c>TokenFailureBackoff</c> instead of asking the issuer again;</item>
/// <item>narrowing is checked first: a scope the user token does not hold is refused without asking the issuer;</item>
/// <item>bounded in entries and in memory (the characters of both tokens): when full, expired and failed entries go
/// first, then those closest to expiry; if only exchanges in flight are left, the new one is made but not kept;</item>
/// <item>a revocation of the user token (its <c>iss</c> + <c>jti</c>), of the exchanged token, or a cut-off of the user,
/// forgets the entries concerned.</item>
/// </list>
/// </summary>
internal sealed class ExchangedTokenCache
{
    private const int EntryOverheadBytes = 256;
    private readonly ConcurrentDictionary<ExchangeKey, Entry> _entries = new();
    private readonly Lock _gate = new();
    private readonly TokenExchangeSource _source;
    private readonly IOptionsMonitor<ServiceTokenClientOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClientMetrics _metrics;
    private long _bytes;

    public ExchangedTokenCache(TokenExchangeSource source, IOptionsMonitor<ServiceTokenClientOptions> options, TimeProvider time,
        ILogger<ExchangedTokenCache> logger, ClientMetrics metrics)
    {
        _source = source;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>Entries kept now (in flight included).</summary>
    public int Count => _entries.Count;

    /// <summary>The memory the entries account for, in bytes.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>The exchanged token for <paramref name="key"/>, or why there is none. Never throws for an expected failure.</summary>
    public ValueTask<ExchangeAnswer> GetAsync(ExchangeKey key, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && Volatile.Read(ref entry.Answer) is { } answer && now < answer.Token!.UsableUntil)
        {
            _metrics.ExchangeCacheLookup(hit: true);
            return new ValueTask<ExchangeAnswer>(answer);
        }

        _metrics.ExchangeCacheLookup(hit: false);
        return new ValueTask<ExchangeAnswer>(MissAsync(key, scopes, now, cancellationToken));
    }

    /// <summary>Forgets the entries of a revoked token: the user token or the exchanged one. Returns how many.</summary>
    public int ForgetToken(string issuer, string tokenId) => Forget(e =>
        (e.Subject.Issuer == issuer && e.Subject.TokenId == tokenId) || (e.Exchanged?.Issuer == issuer && e.Exchanged.TokenId == tokenId));

    /// <summary>Forgets the entries of <paramref name="subject"/>'s tokens issued before <paramref name="issuedBefore"/>. Returns how many.</summary>
    public int ForgetSubject(string issuer, string subject, DateTimeOffset issuedBefore) => Forget(e =>
        e.Subject.Issuer == issuer && e.Subject.Subject == subject && (e.Subject.IssuedAt is not { } iat || iat < issuedBefore));

    private async Task<ExchangeAnswer> MissAsync(ExchangeKey key, IReadOnlyList<string> scopes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Task<TokenResult> task;
        Entry? entry;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out entry))
            {
                if (entry.Answer is { } answer && now < answer.Token!.UsableUntil)
                {
                    return answer;
                }

                if (entry.Pending is null && entry.Failure is { } failure && now.UtcTicks < entry.RetryNotBeforeTicks)
                {
                    return failure;
                }

                if (entry.Pending is null && Precheck(entry.Subject, scopes, now) is { } refused)
                {
                    Log.TokenExchangeRefusedHere(_logger, key.Audience, refused.Error);
                    return refused;
                }

                task = entry.Pending ??= Start(key, entry);
            }
            else
            {
                var subject = SubjectToken.Read(key.SubjectToken);
                if (Precheck(subject, scopes, now) is { } refused)
                {
                    Log.TokenExchangeRefusedHere(_logger, key.Audience, refused.Error);
                    return refused;
                }

                entry = new Entry(key, subject, EntryOverheadBytes + (2L * key.SubjectToken.Length));
                if (MakeRoom(now, entry.Bytes))
                {
                    _entries[key] = entry;
                    Interlocked.Add(ref _bytes, entry.Bytes);
                }
                else
                {
                    entry.Removed = true; // exchanged for this call only
                }

                task = entry.Pending = Start(key, entry);
            }
        }

        var result = await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (result.Token is { } token && _time.GetUtcNow() < token.UsableUntil)
        {
            return Volatile.Read(ref entry.Answer) ?? ExchangeAnswer.Of(token);
        }

        return entry.Failure ?? ExchangeAnswer.Failed(result.Token is null ? ErrorOf(result) : "token_expired");
    }

    /// <summary>What can be refused without asking the issuer: an expired user token, or a scope it does not hold.</summary>
    private ExchangeAnswer? Precheck(SubjectToken subject, IReadOnlyList<string> scopes, DateTimeOffset now)
    {
        if (subject.ExpiresAt is { } expires && now >= expires - _options.CurrentValue.TokenExpiryMargin)
        {
            return ExchangeAnswer.Failed("subject_token_expired");
        }

        return subject.IsJwt && subject.FirstNotHeld(scopes) is not null
            ? ExchangeAnswer.NotNarrower("scope_not_held")
            : null;
    }

    private Task<TokenResult> Start(ExchangeKey key, Entry entry) => Task.Run(() => CompleteAsync(key, entry), CancellationToken.None);

    private async Task<TokenResult> CompleteAsync(ExchangeKey key, Entry entry)
    {
        using var span = ClientTracing.Start(ClientTracing.ExchangeUserTokenSpan, key.Audience);
        TokenResult result;
        try
        {
            result = await _source.ExchangeAsync(key, entry.Subject, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OptionsValidationException)
        {
            result = TokenResult.Failure(ServiceTokenFailureReason.NotConfigured, "invalid_configuration");
        }
#pragma warning disable CA1031 // Any failure of the issuer call is an unavailable issuer: the entry must always settle.
        catch (Exception)
#pragma warning restore CA1031
        {
            result = TokenResult.Failure(ServiceTokenFailureReason.IssuerUnavailable, "unreachable");
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (result.Token is { } token)
            {
                var added = 2L * token.Value.Length;
                entry.Exchanged = SubjectToken.Read(token.Value);
                entry.Failure = null;
                Volatile.Write(ref entry.Answer, ExchangeAnswer.Of(token));
                if (!entry.Removed)
                {
                    entry.Bytes += added;
                    Interlocked.Add(ref _bytes, added);
                }
            }
            else
            {
                entry.Answer = null;
                entry.Failure = ExchangeAnswer.Failed(ErrorOf(result));
                entry.RetryNotBeforeTicks = (now + _options.CurrentValue.TokenFailureBackoff).UtcTicks;
            }

            entry.Pending = null;
        }

        _metrics.TokenExchanged(result.Token is null ? result.Reason : null);
        ClientTracing.End(span, result.Token is null ? ErrorOf(result) : null);
        if (result.Token is { } exchanged)
        {
            Log.TokenExchanged(_logger, key.Audience, key.Scope ?? "(none)", (long)(exchanged.ExpiresAt - now).TotalSeconds);
        }
        else
        {
            Log.TokenExchangeFailed(_logger, key.Audience, result.Reason, result.Error ?? "none");
        }

        return result;
    }

    /// <summary>Frees room for an entry of <paramref name="bytes"/>; <see langword="false"/> when only exchanges in flight are left. Under <see cref="_gate"/>.</summary>
    private bool MakeRoom(DateTimeOffset now, long bytes)
    {
        var options = _options.CurrentValue;
        if (Fits(options, bytes))
        {
            return true;
        }

        // Expired and failed entries first, then those closest to expiry, down to nine tenths of the bounds.
        var settled = _entries.Where(static p => p.Value.Pending is null)
            .OrderBy(p => p.Value.Answer is { } a && now < a.Token!.UsableUntil ? a.Token.UsableUntil : DateTimeOffset.MinValue)
            .Select(static p => p.Key)
            .ToList();
        var targetEntries = options.ExchangedTokenCacheMaxEntries * 9L / 10;
        var targetBytes = options.ExchangedTokenCacheMaxBytes * 9L / 10;
        var evicted = 0;
        foreach (var key in settled)
        {
            if (_entries.Count <= targetEntries && Volatile.Read(ref _bytes) + bytes <= targetBytes)
            {
                break;
            }

            Remove(key);
            evicted++;
        }

        if (evicted > 0)
        {
            Log.ExchangedTokensEvicted(_logger, evicted);
        }

        return Fits(options, bytes);
    }

    private bool Fits(ServiceTokenClientOptions options, long bytes) =>
        _entries.Count < options.ExchangedTokenCacheMaxEntries && Volatile.Read(ref _bytes) + bytes <= options.ExchangedTokenCacheMaxBytes;

    private int Forget(Func<Entry, bool> revoked)
    {
        var forgotten = 0;
        lock (_gate)
        {
            foreach (var pair in _entries)
            {
                if (revoked(pair.Value))
                {
                    Remove(pair.Key);
                    forgotten++;
                }
            }
        }

        if (forgotten > 0)
        {
            Log.ExchangedTokensForgotten(_logger, forgotten);
        }

        return forgotten;
    }

    /// <summary>Under <see cref="_gate"/>.</summary>
    private void Remove(ExchangeKey key)
    {
        if (_entries.TryRemove(key, out var entry))
        {
            entry.Removed = true;
            Interlocked.Add(ref _bytes, -entry.Bytes);
        }
    }

    private static string ErrorOf(TokenResult result) => result.Error ?? ClientMetrics.ReasonCode(result.Reason);

    /// <summary>One key's state. Fields, not properties: read without the lock on a hit (<see cref="Answer"/>), written under it.</summary>
    private sealed class Entry
    {
        public Entry(ExchangeKey key, SubjectToken subject, long bytes)
        {
            Key = key;
            Subject = subject;
            Bytes = bytes;
        }

        public ExchangeKey Key { get; }

        public SubjectToken Subject { get; }

        public SubjectToken? Exchanged;

        public ExchangeAnswer? Answer;

        public Task<TokenResult>? Pending;

        public ExchangeAnswer? Failure;

        public long RetryNotBeforeTicks;

        public long Bytes;

        public bool Removed;

        public override string ToString() => Key.ToString();
    }
}
