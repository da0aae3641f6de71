using System.Collections.Frozen;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Keys;
using S2SAuth.Logging;

namespace S2SAuth.Spiffe;

/// <summary>
/// The JWT-SVID keys of each trust domain of <c>ServiceAuth:Spiffe:JwtBundles</c>, loaded in the background, never on a
/// request's path: a request only reads what is loaded, and may await the first load of its trust domain (started with
/// the host, bounded by <see cref="ServiceAuthOptions.MetadataTimeout"/>). Policy:
/// <list type="bullet">
/// <item>URLs are fetched every <see cref="SpiffeOptions.JwtBundleRefreshInterval"/>, or sooner when the bundle's
/// <c>spiffe_refresh_hint</c> is shorter (never more often than <see cref="ServiceAuthOptions.KeyRefreshMinInterval"/>);
/// https only (http on loopback when <see cref="ServiceAuthOptions.RequireHttpsMetadata"/> is off), no redirects, 1 MiB.</item>
/// <item>Files are checked every 5 seconds (or the refresh interval, if shorter) and read again when their size or time
/// changed, and at each refresh interval.</item>
/// <item>A load that succeeds is authoritative for its trust domain (keys it no longer lists stop verifying at once). A
/// load that fails keeps the last good keys, retried after <see cref="ServiceAuthOptions.KeyRefreshMinInterval"/>, until
/// <see cref="ServiceAuthOptions.KeyMaxStaleness"/> after the last success; then the trust domain has no keys (503).</item>
/// <item>An unknown <c>kid</c> asks for an early load (same minimum interval), which the request does not wait for.</item>
/// </list>
/// <see cref="Version"/> grows whenever any trust domain's key set changes or is dropped: cached JWT-SVID verifications
/// made under another version are not used.
/// </summary>
internal sealed class SpiffeBundleSource : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan FileCheckInterval = TimeSpan.FromSeconds(5);

    private readonly ServiceAuthOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FrozenDictionary<string, Domain> _domains;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _loop;
    private long _version;
    private bool _disposed;

    public SpiffeBundleSource(IOptions<ServiceAuthOptions> options, IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<SpiffeBundleSource> logger)
    {
        _options = options.Value;
        _httpClientFactory = httpClientFactory;
        _time = time;
        _logger = logger;
        var domains = new Dictionary<string, Domain>(StringComparer.Ordinal);
        foreach (var (trustDomain, value) in _options.Spiffe.JwtBundles)
        {
            // The options validator has refused bad values at start-up; one that slipped through is simply not loaded.
            if (BundleLocation.TryParse(value, _options.RequireHttpsMetadata, out var location, out _))
            {
                domains[trustDomain] = new Domain(trustDomain, location);
            }
        }

        _domains = domains.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Whether JWT-SVIDs are accepted at all (<c>ServiceAuth:Spiffe:JwtBundles</c> is not empty).</summary>
    public bool Enabled => _options.Spiffe.JwtBundles.Count > 0;

    /// <summary>The current version, after dropping bundles older than the maximum staleness.</summary>
    public long VersionAt(DateTimeOffset now)
    {
        foreach (var domain in _domains.Values)
        {
            _ = Current(domain, now);
        }

        return Volatile.Read(ref _version);
    }

    /// <summary>Starts the background loads (idempotent): with the host, or at the first request if no host runs it.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_loop is null && Enabled && !_stop.IsCancellationRequested)
            {
                _loop = Task.Run(() => RunAsync(_stop.Token));
            }
        }
    }

    /// <summary>
    /// The keys of <paramref name="trustDomain"/>: <see langword="null"/> when none are configured for it; else a lookup whose
    /// bundle is <see langword="null"/> when none is loaded (or it went stale). Awaits the trust domain's first load only.
    /// </summary>
    public async ValueTask<BundleLookup?> GetAsync(string trustDomain, CancellationToken cancellationToken)
    {
        if (!_domains.TryGetValue(trustDomain, out var domain))
        {
            return null;
        }

        var bundle = Current(domain, _time.GetUtcNow());
        if (bundle is null && !domain.FirstAttempt.Task.IsCompleted)
        {
            Start();
            await domain.FirstAttempt.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            bundle = Current(domain, _time.GetUtcNow());
        }

        return new BundleLookup(bundle);
    }

    /// <summary>A token named a <c>kid</c> the trust domain's bundle lacks: load it again soon (rate-limited), in the background.</summary>
    public void RequestRefresh(string trustDomain)
    {
        if (!_domains.TryGetValue(trustDomain, out var domain))
        {
            return;
        }

        lock (domain.Gate)
        {
            var earliest = domain.LastAttempt + _options.KeyRefreshMinInterval;
            if (earliest >= domain.NextDue)
            {
                return;
            }

            domain.NextDue = earliest;
        }

        Wake();
    }

    /// <summary>Stops the background loads (idempotent); what is loaded stays readable.</summary>
    public async Task StopAsync()
    {
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
            if (!_stop.IsCancellationRequested)
            {
                _stop.Cancel();
            }
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Release();
    }

    /// <summary>For a container disposed synchronously: stops the loads without waiting for the loop, which ends on the cancellation.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (!_stop.IsCancellationRequested)
            {
                _stop.Cancel();
            }

            if (_loop is not null && !_loop.IsCompleted)
            {
                // The loop still holds the token source and the semaphore: left to the collector.
                _disposed = true;
                return;
            }
        }

        Release();
    }

    private void Release()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    private SpiffeJwtBundle? Current(Domain domain, DateTimeOffset now)
    {
        var bundle = Volatile.Read(ref domain.Bundle);
        if (bundle is null || now - bundle.LoadedAt < _options.KeyMaxStaleness)
        {
            return bundle;
        }

        if (Interlocked.CompareExchange(ref domain.Bundle, null, bundle) == bundle)
        {
            Interlocked.Increment(ref _version);
            Log.SpiffeBundleExpired(_logger, domain.TrustDomain, now - bundle.LoadedAt);
        }

        return null;
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
            // Already awake, or stopped.
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                var due = _domains.Values.Where(d => d.IsDue(now)).ToList();
                if (due.Count > 0)
                {
                    await Task.WhenAll(due.Select(d => LoadAsync(d, stop))).ConfigureAwait(false);
                }

                now = _time.GetUtcNow();
                var next = _domains.Values.Min(d => d.DueAt());
                var delay = next - now;
                if (delay > TimeSpan.Zero)
                {
                    using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    var woken = _wake.WaitAsync(waiting.Token);
                    await Task.WhenAny(Task.Delay(delay, _time, waiting.Token), woken).ConfigureAwait(false);
                    await waiting.CancelAsync().ConfigureAwait(false);
                    await woken.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must outlive any bug: logged by type, retried after the minimum interval.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.SpiffeBundleRefresherFailed(_logger, ex.GetType().Name);
                await Task.Delay(_options.KeyRefreshMinInterval, _time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task LoadAsync(Domain domain, CancellationToken stop)
    {
        var now = _time.GetUtcNow();
        lock (domain.Gate)
        {
            domain.LastAttempt = now;
        }

        var interval = _options.Spiffe.JwtBundleRefreshInterval;
        (DateTime, long)? fileStamp = null;
        try
        {
            string json;
            if (domain.Location.FilePath is { } path)
            {
                var file = new FileInfo(path);
                if (!file.Exists)
                {
                    throw new KeyFetchRefusedException("file_missing");
                }

                var stamp = (file.LastWriteTimeUtc, file.Length);
                var current = Volatile.Read(ref domain.Bundle);
                if (current is not null && stamp == domain.FileStamp && now - domain.LastRead < RefreshInterval(current.RefreshHint))
                {
                    // Unchanged since it was read: a successful check, which keeps the keys fresh.
                    Volatile.Write(ref domain.Bundle, current.Reloaded(now, current.Sequence, current.RefreshHint));
                    Schedule(domain, now + Min(RefreshInterval(current.RefreshHint), FileCheckInterval));
                    return;
                }

                json = await ReadFileAsync(path, stop).ConfigureAwait(false);
                fileStamp = stamp;
            }
            else
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                timeout.CancelAfter(_options.MetadataTimeout);
                var retriever = new MetadataDocumentRetriever(_httpClientFactory.CreateClient(SigningKeyCache.HttpClientName), _options.RequireHttpsMetadata);
                json = await retriever.GetDocumentAsync(domain.Location.Url!.AbsoluteUri, timeout.Token).ConfigureAwait(false);
            }

            var parsed = SpiffeBundleParser.Parse(domain.TrustDomain, json);
            now = _time.GetUtcNow();
            Apply(domain, parsed, now);
            domain.LastRead = now;
            domain.FileStamp = fileStamp; // only a file that parsed counts as read: a broken one is read again at each check
            var every = RefreshInterval(parsed.RefreshHint);
            Schedule(domain, now + (domain.Location.FilePath is null ? every : Min(every, FileCheckInterval)));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failed load of any kind keeps the last good keys; logged by reason code, never by message or content.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            now = _time.GetUtcNow();
            var kept = Current(domain, now) is { } last
                ? $"keeping the keys loaded at {last.LoadedAt:O} until {last.LoadedAt + _options.KeyMaxStaleness:O}"
                : "no keys are loaded: its JWT-SVIDs answer 503 signing_keys_unavailable";
            Log.SpiffeBundleLoadFailed(_logger, domain.TrustDomain, ex is FileNotFoundException or DirectoryNotFoundException ? "file_missing" : KeyFetchFailure.Reason(ex), kept);
            Schedule(domain, now + Min(interval, _options.KeyRefreshMinInterval));
        }
        finally
        {
            domain.FirstAttempt.TrySetResult();
        }
    }

    private void Apply(Domain domain, ParsedBundle parsed, DateTimeOffset now)
    {
        var previous = Volatile.Read(ref domain.Bundle);
        if (previous?.Sequence is { } before && parsed.Sequence is { } after && after < before)
        {
            Log.SpiffeBundleSequenceWentBack(_logger, domain.TrustDomain, after, before);
        }

        if (previous is not null && string.Equals(previous.Fingerprint, parsed.Fingerprint, StringComparison.Ordinal))
        {
            Volatile.Write(ref domain.Bundle, previous.Reloaded(now, parsed.Sequence, parsed.RefreshHint));
            return;
        }

        // The new keys first, then the version: a verification cached under the new version never used the old keys.
        Volatile.Write(ref domain.Bundle, new SpiffeJwtBundle(domain.TrustDomain, parsed.KeysById, parsed.AlgorithmById, parsed.Fingerprint, now, parsed.Sequence, parsed.RefreshHint));
        var version = Interlocked.Increment(ref _version);
        Log.SpiffeBundleLoaded(_logger, domain.TrustDomain, parsed.KeysById.Count, parsed.IgnoredKeys, parsed.Sequence, version);
        if (parsed.KeysById.Count == 0)
        {
            Log.SpiffeBundleWithoutJwtKeys(_logger, domain.TrustDomain, parsed.IgnoredKeys);
        }
    }

    /// <summary>The configured interval, or the bundle's shorter refresh hint (never below the minimum interval).</summary>
    private TimeSpan RefreshInterval(TimeSpan? hint)
    {
        var interval = _options.Spiffe.JwtBundleRefreshInterval;
        return hint is { } h && h < interval ? Max(h, Min(_options.KeyRefreshMinInterval, interval)) : interval;
    }

    private static void Schedule(Domain domain, DateTimeOffset due)
    {
        lock (domain.Gate)
        {
            domain.NextDue = due;
        }
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        if (stream.Length > SpiffeBundleParser.MaxDocumentBytes)
        {
            throw new KeyFetchRefusedException("too_large");
        }

        var buffer = new byte[SpiffeBundleParser.MaxDocumentBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
        {
            read += n;
        }

        return read > SpiffeBundleParser.MaxDocumentBytes ? throw new KeyFetchRefusedException("too_large") : Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>One configured trust domain and its loading state.</summary>
    private sealed class Domain(string trustDomain, BundleLocation location)
    {
#pragma warning disable SA1401, CA1051 // Read and swapped with Volatile/Interlocked.
        public SpiffeJwtBundle? Bundle;
#pragma warning restore SA1401, CA1051

        public string TrustDomain { get; } = trustDomain;

        /// <summary>Guards the schedule (<see cref="NextDue"/>, <see cref="LastAttempt"/>).</summary>
        public Lock Gate { get; } = new();

        public BundleLocation Location { get; } = location;

        /// <summary>Completed after the first load attempt, whatever its outcome.</summary>
        public TaskCompletionSource FirstAttempt { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateTimeOffset NextDue { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset LastAttempt { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset LastRead { get; set; } = DateTimeOffset.MinValue;

        public (DateTime, long)? FileStamp { get; set; }

        public bool IsDue(DateTimeOffset now)
        {
            lock (Gate)
            {
                return NextDue <= now;
            }
        }

        public DateTimeOffset DueAt()
        {
            lock (Gate)
            {
                return NextDue;
            }
        }
    }
}

/// <summary>What is loaded for a configured trust domain: its bundle, or <see langword="null"/> when none is (yet, or any more).</summary>
internal readonly record struct BundleLookup(SpiffeJwtBundle? Bundle);
