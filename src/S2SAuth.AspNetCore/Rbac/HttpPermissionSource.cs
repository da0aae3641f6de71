using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Protocol;
using S2SAuth.Logging;
using S2SAuth.Telemetry;

namespace S2SAuth.Rbac;

/// <summary>
/// An <see cref="IPermissionSource"/> that asks a remote RBAC service over HTTP, caches its answers for a short,
/// bounded time, and asks once for many concurrent identical questions. Never throws: a failed call is
/// <see cref="PermissionAnswer.Unavailable"/>, which is not cached.
/// </summary>
internal sealed class HttpPermissionSource : IPermissionSource
{
    public const string HttpClientName = "S2SAuth.RemotePermissions";

    private readonly IHttpClientFactory _clients;
    private readonly ILogger _logger;
    private readonly Uri _endpoint;
    private readonly PermissionCache _cache;
    private readonly CacheMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<PermissionQuery, Lazy<Task<PermissionAnswer>>> _inFlight = new();

    public HttpPermissionSource(IHttpClientFactory clients, IOptions<RemotePermissionOptions> options, TimeProvider time, ILogger<HttpPermissionSource> logger,
        CacheMetrics? metrics = null)
    {
        _metrics = metrics;
        _time = time;
        _clients = clients;
        _logger = logger;
        var value = options.Value;
        _endpoint = value.Endpoint ?? throw new InvalidOperationException($"{RemotePermissionOptions.SectionName}:Endpoint is required.");
        _cache = new PermissionCache(time, value.CacheDuration, value.CacheSize);
    }

    /// <summary>Answers kept now (for tests and diagnostics).</summary>
    internal int CachedAnswers => _cache.Count;

    /// <summary>What the calls to the source have shown (for the health check).</summary>
    internal PermissionSourceStatus Status { get; } = new();

    /// <summary>Whether an answer cached before now is still served at <paramref name="now"/>.</summary>
    internal bool ServesCachedAnswers(DateTimeOffset now) => _cache.HasLiveEntries(now);

    /// <summary>How long an answer is kept (the health check's bound on a failing streak).</summary>
    internal TimeSpan CacheDuration => _cache.Duration;

    public async ValueTask<PermissionAnswer> CheckAsync(PermissionQuery query, CancellationToken cancellationToken)
    {
        if (_cache.TryGet(query, out var cached))
        {
            _metrics?.PermissionLookup(hit: true);
            return cached;
        }

        _metrics?.PermissionLookup(hit: false);

        var call = _inFlight.GetOrAdd(query, static (q, self) => new Lazy<Task<PermissionAnswer>>(() => self.CallAndCacheAsync(q)), this);
        return await call.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<PermissionAnswer> CallAndCacheAsync(PermissionQuery query)
    {
        try
        {
            var answer = await CallAsync(query).ConfigureAwait(false);
            _cache.Set(query, answer);
            return answer;
        }
        finally
        {
            _inFlight.TryRemove(query, out _);
        }
    }

    /// <summary>One call, bounded by the client's timeout and shared by every waiting request (so no request's cancellation ends it).</summary>
    private async Task<PermissionAnswer> CallAsync(PermissionQuery query)
    {
        using var span = ServiceAuthTracing.Start(ServiceAuthTelemetry.FetchPermissionsSpan);
        var answer = await CallRemoteAsync(query).ConfigureAwait(false);
        if (answer != PermissionAnswer.Unavailable)
        {
            Status.Succeeded(_time.GetUtcNow());
        }

        ServiceAuthTracing.End(span, answer == PermissionAnswer.Unavailable ? "failed" : "ok");
        return answer;
    }

    private async Task<PermissionAnswer> CallRemoteAsync(PermissionQuery query)
    {
        try
        {
            using var client = _clients.CreateClient(HttpClientName);
            using var response = await client.PostAsJsonAsync(_endpoint, new PermissionRequest(query.UserId, query.TenantId, query.Activity),
                RemotePermissionJson.Default.PermissionRequest).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Log.RemotePermissionCallFailed(_logger, "status " + (int)response.StatusCode);
                Status.Failed(_time.GetUtcNow(), "http_" + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return PermissionAnswer.Unavailable;
            }

            var body = await response.Content.ReadFromJsonAsync(RemotePermissionJson.Default.PermissionResponse).ConfigureAwait(false);
            if (body?.Allowed is not { } allowed)
            {
                Log.RemotePermissionCallFailed(_logger, "answer without 'allowed'");
                Status.Failed(_time.GetUtcNow(), "invalid_answer");
                return PermissionAnswer.Unavailable;
            }

            return allowed ? PermissionAnswer.Granted : PermissionAnswer.Denied;
        }
        catch (ProtocolRedirectException redirect)
        {
            // Never followed (the transport's auto-redirect is off): a redirect is a failed call like any other.
            Log.RemotePermissionCallFailed(_logger, "redirect " + (int)redirect.StatusCode + " refused");
            Status.Failed(_time.GetUtcNow(), "redirect_refused");
            return PermissionAnswer.Unavailable;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or NotSupportedException or InvalidOperationException)
        {
            Log.RemotePermissionCallFailed(_logger, ex is TaskCanceledException ? "timed out" : ex.GetType().Name);
            Status.Failed(_time.GetUtcNow(), ex switch
            {
                TaskCanceledException => "timeout",
                HttpRequestException => "unreachable",
                _ => "invalid_answer",
            });
            return PermissionAnswer.Unavailable;
        }
    }
}
