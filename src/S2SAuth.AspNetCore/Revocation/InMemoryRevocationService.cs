namespace S2SAuth.Revocation;

/// <summary>The embedded store: revocations apply to this instance's memory only (one instance, tests, the demo).</summary>
internal sealed class InMemoryRevocationService(RevocationState state, TimeProvider time) : IRevocationService
{
    public Task RevokeTokenAsync(string issuer, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        RevocationArguments.Check(issuer, nameof(issuer));
        RevocationArguments.Check(tokenId, nameof(tokenId));
        state.ApplyToken(issuer, tokenId, expiresAt, RevocationState.LocalSource);
        return Task.CompletedTask;
    }

    public Task CutOffSubjectAsync(string issuer, string subject, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        RevocationArguments.Check(issuer, nameof(issuer));
        RevocationArguments.Check(subject, nameof(subject));
        RevocationArguments.CheckCutOff(asOf, time.GetUtcNow(), state.CutOffRetention, nameof(asOf));
        state.ApplyCutOff(issuer, subject, asOf, RevocationState.LocalSource);
        return Task.CompletedTask;
    }
}
