using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;
using S2SAuth.Revocation;

namespace S2SAuth.Introspection;

/// <summary>
/// The issuer's introspection answers, reused for a short bounded time, with one call in flight per token.
/// <list type="bullet">
/// <item><b>Key</b>: the SHA-256 of the token's UTF-8 text (base64), never the text itself: nothing here can be read
/// back as a usable token. (A second spelling of the same token is another key: it costs one more call, never a wrong
/// answer.)</item>
/// <item><b>Lifetime</b>: an active answer until <c>CacheDuration</c>, the answer's <c>exp</c> or the verified token's
/// <c>exp</c>, whichever comes first; an inactive one for <c>InactiveCacheDuration</c>; a failure never.</item>
/// <item><b>Bound</b>: at most <c>MaxCacheEntries</c>. When full, expired answers are swept (at most once a second) and,
/// if none can go, the new answer serves its requests but is not kept.</item>
/// <item><b>One call per token</b>: concurrent requests for a token wait for the same call; the call runs under the
/// introspection timeout, not under any one request's cancellation, so a caller that gives up cancels nobody else.</item>
/// <item><b>Revocation</b>: as an <see cref="IRevocationObserver"/>, a revoked <c>jti</c> or a cut-off subject drops its
/// answers at once, and an answer in flight when a revocation lands is used by the requests that waited for it but not kept.</item>
/// </list>
/// </summary>
internal sealed class IntrospectionCache : IRevocationObserver
{
    private static readonly long SweepIntervalTicks = TimeSpan.FromSeconds(1).Ticks;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<IntrospectionOutcome>> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _storeGate = new();
    private readonly ITokenIntrospector _introspector;
    private readonly IntrospectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _generation;
    private long _lastSweepTicks;
    private long _calls;
    private long _hits;
    private long _joins;
    private int _referenceCalls;

    public IntrospectionCache(ITokenIntrospector introspector, IOptions<IntrospectionOptions> options, TimeProvider time, ILogger<IntrospectionCache> logger)
    {
        _introspector = introspector;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Answers kept now (expired ones included until they are swept or read).</summary>
    public int Count => _entries.Count;

    /// <summary>Calls made to the issuer.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Requests answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Requests that waited for a call another request had started.</summary>
    public long Joins => Interlocked.Read(ref _joins);

    /// <summary>The answer for <paramref name="token"/>, verified locally as <paramref name="verified"/>: cached, joined, or asked now.</summary>
    public ValueTask<IntrospectionOutcome> GetAsync(string token, VerifiedTokenInfo verified, CancellationToken cancellationToken) =>
        GetAsync(token, verified, reference: false, cancellationToken);

    /// <summary>
    /// The answer for a reference (opaque) token, which nothing verified locally: cached (with the answer's claims),
    /// joined, or asked now — unless <c>MaxConcurrentReferenceCalls</c> calls for reference tokens are already in
    /// flight, when it fails (<c>reference_call_limit</c>) without a call.
    /// </summary>
    public ValueTask<IntrospectionOutcome> GetReferenceAsync(string token, CancellationToken cancellationToken) =>
        GetAsync(token, null, reference: true, cancellationToken);

    /// <summary>Calls for reference tokens in flight now.</summary>
    public int ReferenceCallsInFlight => Volatile.Read(ref _referenceCalls);

    private async ValueTask<IntrospectionOutcome> GetAsync(string token, VerifiedTokenInfo? verified, bool reference, CancellationToken cancellationToken)
    {
        var key = KeyOf(token);
        if (TryGetFresh(key, out var cached))
        {
            Interlocked.Increment(ref _hits);
            return IntrospectionOutcome.Of(cached);
        }

        var mine = new TaskCompletionSource<IntrospectionOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = _inFlight.GetOrAdd(key, mine.Task);
        if (!ReferenceEquals(call, mine.Task))
        {
            Interlocked.Increment(ref _joins);
            return await call.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // This request owns the call. An answer stored between the first look and winning the slot is used as is.
        if (TryGetFresh(key, out cached))
        {
            _inFlight.TryRemove(new KeyValuePair<string, Task<IntrospectionOutcome>>(key, mine.Task));
            mine.SetResult(IntrospectionOutcome.Of(cached));
            Interlocked.Increment(ref _hits);
            return IntrospectionOutcome.Of(cached);
        }

        if (reference && Interlocked.Increment(ref _referenceCalls) > _options.MaxConcurrentReferenceCalls)
        {
            // A flood of distinct strings must not become a flood of calls at the issuer: refuse without a call.
            Interlocked.Decrement(ref _referenceCalls);
            var busy = IntrospectionOutcome.Failed(ReferenceCallLimit);
            _inFlight.TryRemove(new KeyValuePair<string, Task<IntrospectionOutcome>>(key, mine.Task));
            mine.SetResult(busy);
            Log.ReferenceCallLimitReached(_logger, _options.MaxConcurrentReferenceCalls);
            return busy;
        }

        _ = CallAsync(key, token, verified, mine, reference);
        return await mine.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The failure reason of a reference token refused because too many reference calls are in flight.</summary>
    public const string ReferenceCallLimit = "reference_call_limit";

    /// <inheritdoc />
    public void TokenRevoked(string issuer, string tokenId)
    {
        if (string.IsNullOrEmpty(tokenId))
        {
            return; // "" is "no id": it names no token
        }

        Interlocked.Increment(ref _generation);
        var removed = 0;
        foreach (var (key, entry) in _entries)
        {
            if (string.Equals(entry.TokenId, tokenId, StringComparison.Ordinal) && string.Equals(entry.Issuer, issuer, StringComparison.Ordinal)
                && _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
            {
                removed++;
            }
        }

        Log.IntrospectionAnswersPurged(_logger, "token_revoked", removed);
    }

    /// <inheritdoc />
    public void SubjectCutOff(string issuer, string subject, DateTimeOffset issuedBefore)
    {
        Interlocked.Increment(ref _generation);
        var removed = 0;
        foreach (var (key, entry) in _entries)
        {
            if (string.Equals(entry.Subject, subject, StringComparison.Ordinal) && string.Equals(entry.Issuer, issuer, StringComparison.Ordinal)
                && entry.IssuedAt < issuedBefore && _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
            {
                removed++;
            }
        }

        Log.IntrospectionAnswersPurged(_logger, "subject_cut_off", removed);
    }

    /// <summary>The cache key of a token: base64 of the SHA-256 of its UTF-8 text.</summary>
    internal static string KeyOf(string token)
    {
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(token, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, written), hash);
            return Convert.ToBase64String(hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool TryGetFresh(string key, out IntrospectionAnswer answer)
    {
        answer = null!;
        if (!_entries.TryGetValue(key, out var entry))
        {
            return false;
        }

        if (entry.ExpiresTicks <= _time.GetUtcNow().UtcTicks)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            return false;
        }

        answer = entry.Answer;
        return true;
    }

    private async Task CallAsync(string key, string token, VerifiedTokenInfo? verified, TaskCompletionSource<IntrospectionOutcome> slot, bool reference)
    {
        var generation = Interlocked.Read(ref _generation);
        IntrospectionOutcome outcome;
        try
        {
            Interlocked.Increment(ref _calls);
            using var timeout = new CancellationTokenSource(_options.Timeout, _time);
            outcome = await _introspector.IntrospectAsync(token, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            outcome = IntrospectionOutcome.Failed("timeout");
        }
        catch (Exception ex)
        {
            // An introspection that throws refuses the token (503), never a 500 and never an allow.
            outcome = IntrospectionOutcome.Failed("error_" + ex.GetType().Name);
        }

        try
        {
            if (outcome.Answer is { } answer && generation == Interlocked.Read(ref _generation))
            {
                Store(key, answer, verified);
            }
        }
        finally
        {
            if (reference)
            {
                Interlocked.Decrement(ref _referenceCalls);
            }

            _inFlight.TryRemove(new KeyValuePair<string, Task<IntrospectionOutcome>>(key, slot.Task));
            slot.SetResult(outcome);
        }
    }

    /// <summary>
    /// Keeps an answer. For a verified JWT (<paramref name="verified"/> set) the answer's claims are dropped (the token's
    /// own are used) and revocation names it by the verified token; for a reference token the claims are kept and
    /// revocation names it by the answer's <c>iss</c>, <c>sub</c> and <c>jti</c> (its issue time unknown here, so any
    /// cut-off of its subject drops it).
    /// </summary>
    private void Store(string key, IntrospectionAnswer answer, VerifiedTokenInfo? verified)
    {
        var now = _time.GetUtcNow();
        DateTimeOffset until;
        if (verified is not null && answer.Claims is not null)
        {
            answer = answer with { Claims = null };
        }

        if (answer.Active)
        {
            until = now + _options.CacheDuration;
            if (verified is not null && verified.ExpiresAt < until)
            {
                until = verified.ExpiresAt;
            }

            if (answer.ExpiresAt is { } exp && exp < until)
            {
                until = exp;
            }
        }
        else
        {
            until = now + _options.InactiveCacheDuration;
        }

        if (until <= now)
        {
            return;
        }

        var entry = verified is not null
            ? new Entry(answer, until.UtcTicks, verified.Issuer, verified.Subject, verified.TokenId, verified.IssuedAt)
            : new Entry(answer, until.UtcTicks, answer.Issuer ?? string.Empty, answer.Subject ?? string.Empty, answer.TokenId ?? string.Empty, DateTimeOffset.MinValue);
        lock (_storeGate)
        {
            if (!_entries.ContainsKey(key) && _entries.Count >= _options.MaxCacheEntries)
            {
                Sweep(now.UtcTicks);
                if (_entries.Count >= _options.MaxCacheEntries)
                {
                    return; // full of live answers: this one serves its requests, and is not kept
                }
            }

            _entries[key] = entry;
        }
    }

    /// <summary>Removes expired answers, at most once a second (a full cache under a flood must not cost a scan per call).</summary>
    private void Sweep(long nowTicks)
    {
        if (nowTicks - _lastSweepTicks < SweepIntervalTicks)
        {
            return;
        }

        _lastSweepTicks = nowTicks;
        var removed = 0;
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresTicks <= nowTicks && _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
            {
                removed++;
            }
        }

        if (removed == 0)
        {
            Log.IntrospectionCacheFull(_logger, _options.MaxCacheEntries);
        }
    }

    /// <summary>One kept answer, with what revocation names tokens by (from the locally verified token).</summary>
    private sealed record Entry(IntrospectionAnswer Answer, long ExpiresTicks, string Issuer, string Subject, string TokenId, DateTimeOffset IssuedAt);
}
