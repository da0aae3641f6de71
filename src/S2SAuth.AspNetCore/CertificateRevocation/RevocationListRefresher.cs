using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Http;
using S2SAuth.Logging;

namespace S2SAuth.CertificateRevocation;

/// <summary>
/// Loads every source of <c>ServiceAuth:Certificates:RevocationLists</c> in the background: URLs at start and every
/// <c>RevocationListRefreshInterval</c> (sooner when the list's <c>nextUpdate</c> comes first, and after a failure
/// within a minute, with jitter), files whenever they change (checked every <c>Certificates:ReloadInterval</c>). A
/// failed load keeps the last good list. Nothing here runs on a request: <see cref="CertificateRevocationLists.Check"/>
/// only reads what this put in memory, so an unresponsive endpoint costs nothing but its own fetch.
/// </summary>
internal sealed class RevocationListRefresher(
    CertificateRevocationLists lists,
    IOptions<ServiceAuthOptions> options,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger<RevocationListRefresher> logger) : BackgroundService
{
    /// <summary>The named <see cref="HttpClient"/> revocation lists are fetched with.</summary>
    public const string HttpClientName = "S2SAuth.RevocationLists";

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinRefreshDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sources = RevocationListSource.ParseAll(options.Value.Certificates.RevocationLists);
        if (sources.Count == 0)
        {
            return;
        }

        await Task.Yield();
        var loops = sources.Select(s => GuardAsync(s, stoppingToken)).ToList();
        loops.Add(WatchStalenessAsync(stoppingToken));
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    /// <summary>Runs one source's loop; a bug in it must not stop the host (a BackgroundService fault would), so it restarts.</summary>
    private async Task GuardAsync(RevocationListSource source, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await (source.Url is not null ? RunUrlAsync(source, stoppingToken) : RunFileAsync(source, stoppingToken)).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.RevocationListFetchFailed(logger, source.Index, "unexpected " + e.GetType().Name, MaxRetryDelay);
                if (!await DelayAsync(MaxRetryDelay, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    private async Task RunUrlAsync(RevocationListSource source, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!source.IsAcceptableUrl(settings.RequireHttpsMetadata))
        {
            Log.RevocationListUrlRefused(logger, source.Index);
            return;
        }

        var interval = settings.Certificates.RevocationListRefreshInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var (data, failure) = await FetchAsync(source.Url!, settings.MetadataTimeout, stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var delay = Accept(source, data, failure)
                ? NextRefresh(interval, lists.Current(source.Index))
                : Jitter(Min(interval, MaxRetryDelay));
            if (!await DelayAsync(delay, stoppingToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task RunFileAsync(RevocationListSource source, CancellationToken stoppingToken)
    {
        var interval = Positive(options.Value.Certificates.ReloadInterval);
        (DateTime Written, long Length)? seen = null;
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            var stamp = Stamp(source.Path!);
            if (first || stamp != seen)
            {
                first = false;
                seen = stamp;
                var (data, failure) = await ReadFileAsync(source.Path!, stoppingToken).ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                if (!Accept(source, data, failure))
                {
                    // Try again at the next change; an unreadable file stays missed until then.
                    seen = data is null ? null : stamp;
                }
            }

            if (!await DelayAsync(interval, stoppingToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Offers what was read; logs the outcome. False when nothing new could be read (a failure).</summary>
    private bool Accept(RevocationListSource source, byte[]? data, string? failure)
    {
        var retryIn = source.Url is null ? Positive(options.Value.Certificates.ReloadInterval) : Min(options.Value.Certificates.RevocationListRefreshInterval, MaxRetryDelay);
        RevocationList? list = null;
        string? error = null;
        if (data is null || !RevocationListReader.TryRead(data, out list, out error))
        {
            Log.RevocationListFetchFailed(logger, source.Index, failure ?? error ?? "unreadable", retryIn);
            return false;
        }

        switch (lists.Offer(source.Index, list))
        {
            case RevocationListOffer.Loaded:
                var issuer = Issuer(list);
                var number = Number(list);
                Log.RevocationListLoaded(logger, source.Index, issuer, list.RevokedSerials.Count, number, list.NextUpdate);
                lists.UpdateStaleness(time.GetUtcNow());
                break;
            case RevocationListOffer.Unchanged:
                Log.RevocationListUnchanged(logger, source.Index);
                break;
            default:
                Log.RevocationListOlderIgnored(logger, source.Index, Number(list));
                break;
        }

        return true;
    }

    private async Task<(byte[]? Data, string? Failure)> FetchAsync(Uri url, TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var http = httpClients.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pkix-crl"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.5));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            }

            if (response.Content.Headers.ContentLength > RevocationListReader.MaxSize)
            {
                return (null, $"larger than {RevocationListReader.MaxSize} bytes");
            }

            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadBoundedAsync(stream, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (null, "no answer within " + timeout.ToString("c", CultureInfo.InvariantCulture) + " (ServiceAuth:MetadataTimeout)");
        }
        catch (OperationCanceledException)
        {
            return (null, "stopping");
        }
        catch (HttpRequestException e)
        {
            return (null, "request failed (" + e.HttpRequestError + ")");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or S2SAuth.Client.Protocol.ProtocolRedirectException)
        {
            return (null, e is S2SAuth.Client.Protocol.ProtocolRedirectException ? "redirect refused" : "request failed (" + e.GetType().Name + ")");
        }
    }

    private static async Task<(byte[]? Data, string? Failure)> ReadFileAsync(string path, CancellationToken stoppingToken)
    {
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                return stream.Length > RevocationListReader.MaxSize
                    ? (null, $"larger than {RevocationListReader.MaxSize} bytes")
                    : await ReadBoundedAsync(stream, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, "file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            return (null, "file not readable (" + e.GetType().Name + ")");
        }
    }

    /// <summary>Reads at most <see cref="RevocationListReader.MaxSize"/> bytes; more is a failure, whatever the headers said.</summary>
    private static async Task<(byte[]? Data, string? Failure)> ReadBoundedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > RevocationListReader.MaxSize)
            {
                return (null, $"larger than {RevocationListReader.MaxSize} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>Every reload interval: notes lists past nextUpdate (logged once each) and beyond the allowed staleness.</summary>
    private async Task WatchStalenessAsync(CancellationToken stoppingToken)
    {
        var interval = Min(Positive(options.Value.Certificates.ReloadInterval), MaxRetryDelay);
        var maxStaleness = options.Value.Certificates.RevocationListMaxStaleness;
        var reported = new Dictionary<int, (RevocationList List, bool Expired)>();
        while (await DelayAsync(interval, stoppingToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow();
            lists.UpdateStaleness(now);
            for (var i = 0; i < lists.SourceCount; i++)
            {
                if (lists.Current(i) is not { } list || now <= list.NextUpdate)
                {
                    continue;
                }

                var expired = lists.IsExpired(list, now);
                if (reported.TryGetValue(i, out var known) && ReferenceEquals(known.List, list) && known.Expired == expired)
                {
                    continue;
                }

                reported[i] = (list, expired);
                if (expired)
                {
                    Log.RevocationListExpired(logger, i, Issuer(list), list.NextUpdate);
                }
                else
                {
                    Log.RevocationListStale(logger, i, Issuer(list), list.NextUpdate, list.NextUpdate + maxStaleness);
                }
            }
        }
    }

    /// <summary>The refresh interval, or sooner when the list's nextUpdate comes first (at least a second) or has passed (within a minute), with jitter.</summary>
    private TimeSpan NextRefresh(TimeSpan interval, RevocationList? list)
    {
        var delay = interval;
        if (list is not null)
        {
            var untilNext = list.NextUpdate - time.GetUtcNow();
            if (untilNext <= TimeSpan.Zero)
            {
                delay = Min(interval, MaxRetryDelay); // the CA is late: look again soon
            }
            else if (untilNext < delay)
            {
                delay = untilNext > MinRefreshDelay ? untilNext : MinRefreshDelay;
            }
        }

        return Jitter(delay);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static (DateTime Written, long Length)? Stamp(string path)
    {
        try
        {
            var file = new FileInfo(path);
            return file.Exists ? (file.LastWriteTimeUtc, file.Length) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Spreads fetches of many instances: between 90% and 100% of <paramref name="delay"/>.</summary>
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.9 + (Random.Shared.NextDouble() * 0.1));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.Zero ? value : TimeSpan.FromSeconds(10);

    private static string Issuer(RevocationList list) => RequestText.Escape(list.IssuerDisplayName(), 128) ?? string.Empty;

    private static string Number(RevocationList list) => list.Number?.ToString(CultureInfo.InvariantCulture) ?? "(none)";
}
