using Microsoft.Extensions.Logging;
using S2SAuth.Logging;
using S2SAuth.Revocation;
using StackExchange.Redis;

namespace S2SAuth.Redis.Revocation;

/// <summary>
/// Revokes on this instance at once, then records the revocation in Redis (snapshot + log + doorbell, one atomic
/// script), from where every other instance applies it. If Redis cannot record it, the caller gets an
/// <see cref="InvalidOperationException"/> to retry; this instance keeps applying it, and writes it back when it
/// finds Redis lost its data.
/// </summary>
internal sealed class RedisRevocationService(RevocationState state, RedisRevocationStore store, TimeProvider time, ILogger<RedisRevocationService> logger) : IRevocationService
{
    public async Task RevokeTokenAsync(string issuer, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        RevocationArguments.Check(issuer, nameof(issuer));
        RevocationArguments.Check(tokenId, nameof(tokenId));
        if (state.ApplyToken(issuer, tokenId, expiresAt, RevocationState.LocalSource) == ApplyOutcome.Expired)
        {
            return;
        }

        var latest = time.GetUtcNow() + state.MaxTokenRetention;
        var exp = expiresAt < latest ? expiresAt : latest;
        await PublishAsync(store.WriteTokenAsync(issuer, tokenId, RedisRevocationKeys.CeilingUnixMs(exp)), cancellationToken).ConfigureAwait(false);
    }

    public async Task CutOffSubjectAsync(string issuer, string subject, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        RevocationArguments.Check(issuer, nameof(issuer));
        RevocationArguments.Check(subject, nameof(subject));
        RevocationArguments.CheckCutOff(asOf, time.GetUtcNow(), state.CutOffRetention, nameof(asOf));
        if (state.ApplyCutOff(issuer, subject, asOf, RevocationState.LocalSource) == ApplyOutcome.Expired)
        {
            return;
        }

        await PublishAsync(store.WriteCutOffAsync(issuer, subject, RedisRevocationKeys.CeilingUnixMs(asOf)), cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishAsync(Task write, CancellationToken cancellationToken)
    {
        try
        {
            await write.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.RevocationPublishFailed(logger, ex.GetType().Name);
            throw new InvalidOperationException("The revocation could not be written to Redis; it is applied on this instance only. Retry it.", ex);
        }
    }
}
