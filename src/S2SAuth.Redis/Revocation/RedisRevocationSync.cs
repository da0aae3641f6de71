using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;
using S2SAuth.Revocation;
using S2SAuth.Telemetry;
using StackExchange.Redis;

namespace S2SAuth.Redis.Revocation;

/// <summary>
/// Keeps this instance's <see cref="RevocationState"/> in step with Redis, in the background (never on a request):
/// <list type="number">
/// <item>start-up: the full state (the snapshot sorted sets, read with <c>ZSCAN</c>) and the log position it matches,
/// before the server listens (up to <c>StartupTimeout</c>; then requests answer 503 until it is loaded);</item>
/// <item>then the log (a Redis Stream) from the last entry read, whenever the doorbell (pub/sub) rings and at least
/// every <c>PollInterval</c>: a message lost during a disconnect is read from the log on the next sync;</item>
/// <item>a full reload when the log no longer holds the next entry (trimmed while this instance was away: the next
/// entry's number is not one more than the last read) or when the server lost its data (a new epoch); after a data
/// loss this instance also writes back everything it holds, so instances started later (and the others) get it again.</item>
/// </list>
/// Each successful sync marks the state in sync as of when it began; past <c>MaxStaleness</c> without one, requests
/// meet the stale policy. Every revocation is idempotent and monotonic, so replays and reloads are harmless.
/// </summary>
internal sealed class RedisRevocationSync : IHostedService, IAsyncDisposable
{
    private const int PageSize = 1000;
    private const string NoEntry = "0-0";

    private readonly RedisRevocationStore _store;
    private readonly RevocationState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _pollInterval;
    private readonly TimeSpan _startupTimeout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _doorbell = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private string? _epoch;
    private string _lastId = NoEntry;
    private long _lastNumber;
    private bool _subscribed;
    private bool _failing;
    private int _disposed;

    private readonly IRevocationService _service;
    private readonly RevocationMetrics? _metrics;

    public RedisRevocationSync(RedisRevocationStore store, RevocationState state, IOptions<RedisRevocationOptions> options, TimeProvider time, ILogger<RedisRevocationSync> logger, IRevocationService service,
        RevocationMetrics? metrics = null)
    {
        _metrics = metrics;
        _service = service;
        _store = store;
        _state = state;
        _time = time;
        _logger = logger;
        _pollInterval = options.Value.PollInterval;
        _startupTimeout = options.Value.StartupTimeout;
    }

    /// <summary>Successful syncs so far (tests and diagnostics).</summary>
    public long Syncs { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var first = SyncAsync();
        try
        {
            await first.WaitAsync(_startupTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.RevocationStoreLoadTimedOut(_logger, _startupTimeout);
        }

        _loop = Task.Run(() => LoopAsync(first, _stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The container disposes this once as itself and once as the hosted service it also is.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }

    /// <summary>Rings the doorbell: sync now (a push arrived, or the connection came back).</summary>
    public void Wake()
    {
        try
        {
            if (_doorbell.CurrentCount == 0)
            {
                _doorbell.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already rung.
        }
    }

    private async Task LoopAsync(Task first, CancellationToken stopping)
    {
        await first.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _doorbell.WaitAsync(_pollInterval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await SyncAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One sync; never throws (a failure is logged once per outage and retried by the loop).</summary>
    internal async Task<bool> SyncAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        var started = _time.GetUtcNow().UtcTicks;
        try
        {
            var multiplexer = await _store.ConnectAsync().ConfigureAwait(false);
            await SubscribeAsync(multiplexer).ConfigureAwait(false);
            var db = multiplexer.GetDatabase();
            var epoch = await EpochAsync(db).ConfigureAwait(false);
            if (_epoch != epoch)
            {
                var lost = _epoch is not null;
                await LoadAsync(db, lost ? "the store lost its data" : "start-up").ConfigureAwait(false);
                if (lost)
                {
                    await WriteBackAsync(db).ConfigureAwait(false);
                }

                _epoch = epoch;
            }

            if (!await CatchUpAsync(db).ConfigureAwait(false))
            {
                await LoadAsync(db, "the log was trimmed past this instance").ConfigureAwait(false);
                await CatchUpAsync(db).ConfigureAwait(false);
            }

            _state.MarkSynchronized(started);
            Syncs++;
            if (_service is RedisRevocationService { PendingCount: > 0 } local)
            {
                // Revocations made here while Redis did not answer: written now, so the others get them.
                await local.FlushPendingAsync(CancellationToken.None).ConfigureAwait(false);
            }
            if (_failing)
            {
                _failing = false;
            }

            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or InvalidOperationException or FormatException)
        {
            if (!_failing)
            {
                _failing = true;
                Log.RevocationStoreSyncFailed(_logger, ex.GetType().Name);
            }

            return false;
        }
        finally
        {
            _state.ReportStaleness(_time.GetUtcNow().UtcTicks);
            _gate.Release();
        }
    }

    private async Task SubscribeAsync(IConnectionMultiplexer multiplexer)
    {
        if (_subscribed)
        {
            return;
        }

        // StackExchange.Redis restores the subscription after a reconnect; the restored connection also rings,
        // since messages published meanwhile are gone (the log has them).
        await multiplexer.GetSubscriber().SubscribeAsync(_store.Keys.Events, (_, _) => Wake()).ConfigureAwait(false);
        multiplexer.ConnectionRestored += (_, _) => Wake();
        _subscribed = true;
    }

    /// <summary>The server's epoch, created if missing (a new or emptied server).</summary>
    private async Task<string> EpochAsync(IDatabase db)
    {
        var epoch = await db.StringGetAsync(_store.Keys.Epoch).ConfigureAwait(false);
        if (epoch.IsNull)
        {
            await db.StringSetAsync(_store.Keys.Epoch, Guid.NewGuid().ToString("N"), when: When.NotExists).ConfigureAwait(false);
            epoch = await db.StringGetAsync(_store.Keys.Epoch).ConfigureAwait(false);
        }

        return epoch.ToString();
    }

    /// <summary>
    /// Loads the full state: first the log position (its last entry and number, read together), then the snapshots.
    /// A write is atomic (snapshot and log together), so anything written after that position is read from the log
    /// afterwards, and anything before it is in the snapshot (or has expired).
    /// </summary>
    private async Task LoadAsync(IDatabase db, string reason)
    {
        var transaction = db.CreateTransaction();
        var lastTask = transaction.StreamRangeAsync(_store.Keys.Log, "-", "+", 1, Order.Descending);
        var sequenceTask = transaction.StringGetAsync(_store.Sequence);
        await transaction.ExecuteAsync().ConfigureAwait(false);
        var last = await lastTask.ConfigureAwait(false);
        var sequence = await sequenceTask.ConfigureAwait(false);
        string lastId;
        long lastNumber;
        if (last.Length > 0)
        {
            lastId = last[0].Id.ToString();
            lastNumber = long.Parse(last[0]["n"].ToString(), CultureInfo.InvariantCulture);
        }
        else
        {
            lastId = NoEntry;
            lastNumber = sequence.IsNull ? 0 : long.Parse(sequence.ToString(), CultureInfo.InvariantCulture);
        }

        var tokens = 0;
        await foreach (var entry in db.SortedSetScanAsync(_store.Keys.Tokens, pageSize: PageSize).ConfigureAwait(false))
        {
            if (RedisRevocationKeys.TryParseMember(entry.Element.ToString(), out var issuer, out var tokenId))
            {
                _state.ApplyToken(issuer, tokenId, RedisRevocationKeys.FromUnixMs(entry.Score), RevocationState.StoreSource, log: false);
                tokens++;
            }
        }

        var subjects = 0;
        await foreach (var entry in db.SortedSetScanAsync(_store.Keys.Subjects, pageSize: PageSize).ConfigureAwait(false))
        {
            if (RedisRevocationKeys.TryParseMember(entry.Element.ToString(), out var issuer, out var subject))
            {
                _state.ApplyCutOff(issuer, subject, RedisRevocationKeys.FromUnixMs(entry.Score), RevocationState.StoreSource, log: false);
                subjects++;
            }
        }

        _lastId = lastId;
        _lastNumber = lastNumber;
        Log.RevocationStoreLoaded(_logger, tokens, subjects, lastId, reason);
    }

    /// <summary>Reads the log after the last entry read; false when an entry is missing (trimmed): reload.</summary>
    private async Task<bool> CatchUpAsync(IDatabase db)
    {
        var read = 0;
        while (true)
        {
            var entries = await db.StreamRangeAsync(_store.Keys.Log, "(" + _lastId, "+", PageSize).ConfigureAwait(false);
            if (entries.Length == 0)
            {
                break;
            }

            foreach (var entry in entries)
            {
                var number = long.Parse(entry["n"].ToString(), CultureInfo.InvariantCulture);
                if (number != _lastNumber + 1 && number > _lastNumber)
                {
                    return false;
                }

                Apply(entry, log: entries.Length < 100);
                _lastId = entry.Id.ToString();
                _lastNumber = Math.Max(_lastNumber, number);
                read++;
            }

            if (entries.Length < PageSize)
            {
                break;
            }
        }

        if (read > 0)
        {
            Log.RevocationCatchUp(_logger, read, _lastId);
        }

        return true;
    }

    private void Apply(StreamEntry entry, bool log)
    {
        var issuer = entry["i"].ToString();
        var value = entry["v"].ToString();
        if (issuer.Length == 0 || value.Length == 0 || !double.TryParse(entry["x"].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var unixMs))
        {
            return;
        }

        if (entry["k"] == RedisRevocationStore.TokenKind)
        {
            var outcome = _state.ApplyToken(issuer, value, RedisRevocationKeys.FromUnixMs(unixMs), RevocationState.StoreSource, log);
            RecordLag(entry, outcome, "token");
        }
        else if (entry["k"] == RedisRevocationStore.SubjectKind)
        {
            var outcome = _state.ApplyCutOff(issuer, value, RedisRevocationKeys.FromUnixMs(unixMs), RevocationState.StoreSource, log);
            RecordLag(entry, outcome, "subject");
        }
    }

    /// <summary>
    /// The revocation lag of an entry that changed this instance's state (not the echo of its own, not an expired one):
    /// now − the writer's publication time (<c>p</c>), or − the entry id's time for entries written without <c>p</c>.
    /// </summary>
    private void RecordLag(StreamEntry entry, ApplyOutcome outcome, string kind)
    {
        if (_metrics is null || outcome is not (ApplyOutcome.Added or ApplyOutcome.Extended) || PublishedUnixMs(entry) is not { } published)
        {
            return;
        }

        _metrics.Lagged(kind, _time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(published));
    }

    /// <summary>The entry's publication time in Unix ms: its <c>p</c> field, else the time part of its id (<c>ms-seq</c>).</summary>
    internal static long? PublishedUnixMs(StreamEntry entry)
    {
        if (long.TryParse(entry["p"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var published))
        {
            return published;
        }

        var id = entry.Id.ToString();
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return long.TryParse(dash < 0 ? id : id[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : null;
    }

    /// <summary>After a data loss at the server: writes every entry this instance holds back (snapshot and log).</summary>
    private async Task WriteBackAsync(IDatabase db)
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var skewTicks = _store.SkewMs * TimeSpan.TicksPerMillisecond;
        var cutOffTrim = nowMs - (long)_state.CutOffRetention.TotalMilliseconds;
        var pending = new List<Task>(PageSize);
        var tokens = 0;
        var subjects = 0;
        foreach (var (issuer, tokenId, forgetAt) in _state.Tokens())
        {
            pending.Add(_store.WriteAsync(db, _store.Keys.Tokens, RedisRevocationStore.TokenKind, issuer, tokenId, RedisRevocationKeys.CeilingUnixMs(forgetAt - skewTicks), nowMs - _store.SkewMs));
            tokens++;
            await FlushAsync(pending, PageSize).ConfigureAwait(false);
        }

        foreach (var (issuer, subject, cutOff) in _state.CutOffs())
        {
            pending.Add(_store.WriteAsync(db, _store.Keys.Subjects, RedisRevocationStore.SubjectKind, issuer, subject, RedisRevocationKeys.CeilingUnixMs(cutOff), cutOffTrim));
            subjects++;
            await FlushAsync(pending, PageSize).ConfigureAwait(false);
        }

        await FlushAsync(pending, 1).ConfigureAwait(false);
        Log.RevocationStoreReset(_logger, tokens, subjects);
    }

    private static async Task FlushAsync(List<Task> pending, int atLeast)
    {
        if (pending.Count >= atLeast)
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
            pending.Clear();
        }
    }
}
