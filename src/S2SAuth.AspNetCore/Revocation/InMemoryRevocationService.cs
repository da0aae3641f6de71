namespace S2SAuth.Revocation;

/// <summary>
/// The embedded store: revocations apply to this host's memory, and, when an <see cref="InMemoryRevocationStore"/>
/// is shared by several hosts of the process, to theirs too (through <see cref="RevocationMaintenance"/>'s attachment).
/// </summary>
internal sealed class InMemoryRevocationService(RevocationState state, TimeProvider time, InMemoryRevocationStore? store = null) : IRevocationService
{
    /// <summary>How the shared store reaches this host: applies what another host published (or replays, without logging each).</summary>
    public Action<bool, string, string, DateTimeOffset, bool> Sink { get; } = (token, issuer, value, instant, replayed) =>
    {
        if (token)
        {
            state.ApplyToken(issuer, value, instant, RevocationState.StoreSource, log: !replayed);
        }
        else
        {
            state.ApplyCutOff(issuer, value, instant, RevocationState.StoreSource, log: !replayed);
        }
    };

    public InMemoryRevocationStore? Store => store;

    public Task RevokeTokenAsync(string issuer, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        RevocationArguments.Check(issuer, nameof(issuer));
        RevocationArguments.Check(tokenId, nameof(tokenId));
        state.ApplyToken(issuer, tokenId, expiresAt, RevocationState.LocalSource);
        store?.Publish(Sink, true, issuer, tokenId, expiresAt);
        return Task.CompletedTask;
    }

    public Task CutOffSubjectAsync(string issuer, string subject, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        RevocationArguments.Check(issuer, nameof(issuer));
        RevocationArguments.Check(subject, nameof(subject));
        RevocationArguments.CheckCutOff(asOf, time.GetUtcNow(), state.CutOffRetention, nameof(asOf));
        state.ApplyCutOff(issuer, subject, asOf, RevocationState.LocalSource);
        store?.Publish(Sink, false, issuer, subject, asOf);
        return Task.CompletedTask;
    }
}
