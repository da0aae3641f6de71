using S2SAuth.Revocation;

namespace S2SAuth.Redis.Revocation;

/// <summary>
/// Revokes on this instance at once, then records the revocation in Redis (snapshot + log + doorbell, one atomic
/// script), from where every other instance applies it. If Redis cannot record it, the caller gets an
/// <see cref="InvalidOperationException"/>; this instance keeps applying it and writes it again on its next successful
/// sync (<see cref="FlushPendingAsync"/>), and writes everything back when it finds Redis lost its data.
/// </summary>
internal sealed class RedisRevocationService(RevocationState state, RedisRevocationPublisher publisher, TimeProvider time) : IRevocationService
{
    /// <summary>Most unconfirmed writes kept for a retry; beyond, the oldest go (this instance still applies them, and a data-loss write-back covers them).</summary>
    private const int MaxPending = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentQueue<(bool Token, string Issuer, string Value, DateTimeOffset Instant)> _pending = new();

    /// <summary>Writes not yet confirmed by Redis.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Writes again what Redis did not confirm (called by the sync loop once Redis answers); stops at the first failure.</summary>
    public async Task FlushPendingAsync(CancellationToken cancellationToken)
    {
        while (_pending.TryPeek(out var write))
        {
            if (write.Token)
            {
                await publisher.WriteTokenAsync(write.Issuer, write.Value, write.Instant, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await publisher.WriteCutOffAsync(write.Issuer, write.Value, write.Instant, cancellationToken).ConfigureAwait(false);
            }

            _pending.TryDequeue(out _);
        }
    }

    private async Task WriteAsync(bool token, string issuer, string value, DateTimeOffset instant, CancellationToken cancellationToken)
    {
        try
        {
            if (token)
            {
                await publisher.WriteTokenAsync(issuer, value, instant, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await publisher.WriteCutOffAsync(issuer, value, instant, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            _pending.Enqueue((token, issuer, value, instant));
            while (_pending.Count > MaxPending && _pending.TryDequeue(out _))
            {
            }

            throw;
        }
    }

    public async Task RevokeTokenAsync(string issuer, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        RevocationArguments.Check(issuer, nameof(issuer));
        RevocationArguments.Check(tokenId, nameof(tokenId));
        if (state.ApplyToken(issuer, tokenId, expiresAt, RevocationState.LocalSource) != ApplyOutcome.Expired)
        {
            await WriteAsync(true, issuer, tokenId, expiresAt, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CutOffSubjectAsync(string issuer, string subject, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        RevocationArguments.Check(issuer, nameof(issuer));
        RevocationArguments.Check(subject, nameof(subject));
        RevocationArguments.CheckCutOff(asOf, time.GetUtcNow(), state.CutOffRetention, nameof(asOf));
        if (state.ApplyCutOff(issuer, subject, asOf, RevocationState.LocalSource) != ApplyOutcome.Expired)
        {
            await WriteAsync(false, issuer, subject, asOf, cancellationToken).ConfigureAwait(false);
        }
    }
}
