using S2SAuth.Revocation;

namespace S2SAuth.Redis.Revocation;

/// <summary>
/// Revokes on this instance at once, then records the revocation in Redis (snapshot + log + doorbell, one atomic
/// script), from where every other instance applies it. If Redis cannot record it, the caller gets an
/// <see cref="InvalidOperationException"/> to retry; this instance keeps applying it, and writes it back when it
/// finds Redis lost its data.
/// </summary>
internal sealed class RedisRevocationService(RevocationState state, RedisRevocationPublisher publisher, TimeProvider time) : IRevocationService
{
    public async Task RevokeTokenAsync(string issuer, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        RevocationArguments.Check(issuer, nameof(issuer));
        RevocationArguments.Check(tokenId, nameof(tokenId));
        if (state.ApplyToken(issuer, tokenId, expiresAt, RevocationState.LocalSource) != ApplyOutcome.Expired)
        {
            await publisher.WriteTokenAsync(issuer, tokenId, expiresAt, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CutOffSubjectAsync(string issuer, string subject, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        RevocationArguments.Check(issuer, nameof(issuer));
        RevocationArguments.Check(subject, nameof(subject));
        RevocationArguments.CheckCutOff(asOf, time.GetUtcNow(), state.CutOffRetention, nameof(asOf));
        if (state.ApplyCutOff(issuer, subject, asOf, RevocationState.LocalSource) != ApplyOutcome.Expired)
        {
            await publisher.WriteCutOffAsync(issuer, subject, asOf, cancellationToken).ConfigureAwait(false);
        }
    }
}
