using Microsoft.Extensions.Logging;
using S2SAuth.Logging;
using S2SAuth.Revocation;
using StackExchange.Redis;

namespace S2SAuth.Redis.Revocation;

/// <summary>
/// Writes revocations to Redis without holding any state (an issuer or an operator tool): every instance with
/// <c>AddRedisRevocation()</c> applies them. A write Redis does not confirm is an <see cref="InvalidOperationException"/> to retry.
/// </summary>
internal sealed class RedisRevocationPublisher(RedisRevocationStore store, TimeProvider time, ILogger<RedisRevocationPublisher> logger) : IRevocationService
{
    public Task RevokeTokenAsync(string issuer, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        RevocationArguments.Check(issuer, nameof(issuer));
        RevocationArguments.Check(tokenId, nameof(tokenId));
        return WriteTokenAsync(issuer, tokenId, expiresAt, cancellationToken);
    }

    public Task CutOffSubjectAsync(string issuer, string subject, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        RevocationArguments.Check(issuer, nameof(issuer));
        RevocationArguments.Check(subject, nameof(subject));
        RevocationArguments.CheckCutOff(asOf, time.GetUtcNow(), store.CutOffRetention, nameof(asOf));
        return WriteCutOffAsync(issuer, subject, asOf, cancellationToken);
    }

    /// <summary>Writes a token revocation (arguments already checked); an <c>exp</c> beyond any token's possible life is clamped.</summary>
    public async Task WriteTokenAsync(string issuer, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (expiresAt + TimeSpan.FromMilliseconds(store.SkewMs) <= now)
        {
            return; // expired already: nothing to refuse
        }

        var latest = now + store.MaxTokenRetention;
        var exp = expiresAt < latest ? expiresAt : latest;
        await GuardAsync(store.WriteTokenAsync(issuer, tokenId, RedisRevocationKeys.CeilingUnixMs(exp)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a subject cut-off (arguments already checked).</summary>
    public Task WriteCutOffAsync(string issuer, string subject, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        GuardAsync(store.WriteCutOffAsync(issuer, subject, RedisRevocationKeys.CeilingUnixMs(asOf)), cancellationToken);

    private async Task GuardAsync(Task write, CancellationToken cancellationToken)
    {
        try
        {
            await write.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.RevocationPublishFailed(logger, ex.GetType().Name);
            throw new InvalidOperationException("The revocation could not be written to Redis; an instance that applied it writes it again once Redis answers. Retry it to be sure.", ex);
        }
    }
}
