using AuthService.Logging;
using S2SAuth;

namespace AuthService.Revocation;

/// <summary>
/// Publishes what the issuer takes back to the services' revocation store: a token revoked at the RFC 7009 endpoint
/// (by issuer + <c>jti</c>, until its <c>exp</c>), and a service account disabled (a cut-off of its <c>sub</c> as of now),
/// so tokens already issued stop at every service, not only new ones. Without a store it does nothing (logged at start).
/// </summary>
public sealed class RevocationPublisher(IssuerName issuer, TimeProvider time, ILogger<RevocationPublisher> logger, IRevocationService? store = null)
{
    public bool Enabled => store is not null;

    public async Task TokenRevokedAsync(string tokenId, string? tokenIssuer, DateTimeOffset expiresAt, string? clientId, CancellationToken cancellationToken)
    {
        if (store is null || (tokenIssuer ?? issuer.Value) is not { Length: > 0 } iss)
        {
            return;
        }

        await PublishAsync(() => store.RevokeTokenAsync(iss, tokenId, expiresAt, cancellationToken)).ConfigureAwait(false);
        Log.TokenRevocationPublished(logger, tokenId, clientId);
    }

    public async Task AccountDisabledAsync(string clientId, CancellationToken cancellationToken)
    {
        if (store is null || issuer.Value is not { Length: > 0 } iss)
        {
            return;
        }

        await PublishAsync(() => store.CutOffSubjectAsync(iss, clientId, time.GetUtcNow(), cancellationToken)).ConfigureAwait(false);
        Log.AccountCutOffPublished(logger, clientId);
    }

    private async Task PublishAsync(Func<Task> publish)
    {
        try
        {
            await publish().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            // The store did not confirm it: say so, and let the caller (an operator, the revocation endpoint) retry.
            Log.RevocationPublishFailed(logger, ex.GetType().Name);
            throw;
        }
    }
}
