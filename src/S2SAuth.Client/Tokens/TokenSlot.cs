using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Logging;
using S2SAuth.Client.Telemetry;

namespace S2SAuth.Client.Tokens;

/// <summary>
/// The token of one (audience, scopes): reused while valid, refreshed in the background ahead of expiry, at most
/// one request to the issuer in flight, kept while the issuer is down, and never handed out once unusable.
/// </summary>
internal sealed class TokenSlot
{
    private readonly Lock _gate = new();
    private readonly TokenKey _key;
    private readonly IServiceTokenSource _source;
    private readonly IOptionsMonitor<ServiceTokenClientOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClientMetrics _metrics;
    private CachedToken? _current;
    private Task<TokenResult>? _inflight;
    private TokenResult? _lastFailure;
    private long _retryNotBeforeTicks;
    private long _lastForcedRefreshTicks = DateTimeOffset.MinValue.UtcTicks;
    private int _waiting;

    public TokenSlot(TokenKey key, IServiceTokenSource source, IOptionsMonitor<ServiceTokenClientOptions> options, TimeProvider time, ILogger logger, ClientMetrics metrics)
    {
        _key = key;
        _source = source;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>Calls waiting for a token right now (none in steady state).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public CachedToken? Current => Volatile.Read(ref _current);

    /// <summary>What this slot's tokens are for.</summary>
    public TokenKey Key => _key;

    /// <summary>Whether the last request to the issuer failed (no success since); read only, for health checks.</summary>
    public bool LastRequestFailed => Volatile.Read(ref _lastFailure) is not null;

    /// <summary>A usable token; waits only when there is none. Throws <see cref="ServiceTokenUnavailableException"/> when none can be had.</summary>
    public ValueTask<CachedToken> GetAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var current = Volatile.Read(ref _current);
        if (current is not null && now < current.UsableUntil)
        {
            if (now >= current.RefreshAt && Volatile.Read(ref _inflight) is null && now.UtcTicks >= Volatile.Read(ref _retryNotBeforeTicks))
            {
                StartBackgroundRefresh(now);
            }

            return new ValueTask<CachedToken>(current);
        }

        return new ValueTask<CachedToken>(WaitForTokenAsync(now, cancellationToken));
    }

    /// <summary>
    /// After a downstream refused <paramref name="rejected"/>: a newer token, from a forced refresh made at most once
    /// per <c>TokenForcedRefreshMinInterval</c>, or <see langword="null"/> when there is none to retry with.
    /// </summary>
    public async Task<CachedToken?> RefreshAfterRejectionAsync(CachedToken rejected, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        Task<TokenResult> task;
        lock (_gate)
        {
            if (_current is { } current && !ReferenceEquals(current, rejected) && now < current.UsableUntil)
            {
                return current;
            }

            if (_inflight is null)
            {
                var minInterval = _options.CurrentValue.TokenForcedRefreshMinInterval;
                if (now.UtcTicks - _lastForcedRefreshTicks < minInterval.Ticks || now.UtcTicks < _retryNotBeforeTicks)
                {
                    return null;
                }

                _lastForcedRefreshTicks = now.UtcTicks;
                _inflight = Task.Run(AcquireAsync, CancellationToken.None);
            }

            task = _inflight;
        }

        var result = await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.Token is { } token && !ReferenceEquals(token, rejected) ? token : null;
    }

    private async Task<CachedToken> WaitForTokenAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        Task<TokenResult> task;
        lock (_gate)
        {
            if (_current is { } current && now < current.UsableUntil)
            {
                return current;
            }

            if (_inflight is null)
            {
                if (_lastFailure is { } failure && now.UtcTicks < _retryNotBeforeTicks)
                {
                    throw Unavailable(failure);
                }

                _inflight = Task.Run(AcquireAsync, CancellationToken.None);
            }

            task = _inflight;
        }

        Interlocked.Increment(ref _waiting);
        TokenResult result;
        try
        {
            result = await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return result.Token is { } token && _time.GetUtcNow() < token.UsableUntil ? token : throw Unavailable(result);
    }

    private void StartBackgroundRefresh(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_inflight is null && now.UtcTicks >= _retryNotBeforeTicks)
            {
                Log.TokenRefreshAhead(_logger, _key.Audience ?? "(none)");
                _inflight = Task.Run(AcquireAsync, CancellationToken.None);
            }
        }
    }

    private async Task<TokenResult> AcquireAsync()
    {
        using var span = ClientTracing.Start(ClientTracing.AcquireServiceTokenSpan, _key.Audience);
        TokenResult result;
        try
        {
            result = await _source.RequestAsync(_key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OptionsValidationException)
        {
            result = TokenResult.Failure(ServiceTokenFailureReason.NotConfigured, "invalid_configuration");
        }
#pragma warning disable CA1031 // Any failure of the issuer call is an unavailable issuer: the slot must always settle.
        catch (Exception)
#pragma warning restore CA1031
        {
            result = TokenResult.Failure(ServiceTokenFailureReason.IssuerUnavailable, "unreachable");
        }

        var now = _time.GetUtcNow();
        CachedToken? kept;
        lock (_gate)
        {
            if (result.Token is { } token)
            {
                Volatile.Write(ref _current, token);
                _lastFailure = null;
                Volatile.Write(ref _retryNotBeforeTicks, 0);
            }
            else
            {
                _lastFailure = result;
                Volatile.Write(ref _retryNotBeforeTicks, (now + _options.CurrentValue.TokenFailureBackoff).UtcTicks);
            }

            kept = _current;
            Volatile.Write(ref _inflight, null);
        }

        _metrics.TokenRequested(result.Token is null ? result.Reason : null);
        ClientTracing.End(span, result.Token is null ? result.Error ?? ClientMetrics.ReasonCode(result.Reason) : null);
        if (result.Token is null)
        {
            var audience = _key.Audience ?? "(none)";
            Log.TokenRequestFailed(_logger, audience, result.Reason, result.Error ?? "none");
            if (kept is not null && now < kept.UsableUntil)
            {
                Log.CachedTokenKept(_logger, audience, (long)(kept.UsableUntil - now).TotalSeconds);
            }
        }

        return result;
    }

    private ServiceTokenUnavailableException Unavailable(TokenResult failure) =>
        new(failure.Token is null ? failure.Reason : ServiceTokenFailureReason.InvalidResponse, _key.Audience, failure.Token is null ? failure.Error : "token_expired");
}
