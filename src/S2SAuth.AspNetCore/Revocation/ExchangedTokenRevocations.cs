using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Client.Exchange;

namespace S2SAuth.Revocation;

/// <summary>
/// Forgets the exchanged tokens (<c>UserTokenMode.Exchange</c> of S2SAuth.Client) of a revoked user token, a revoked
/// exchanged token, or a cut-off user, so that no later call of this instance sends one. A revoked user token is refused
/// at the door anyway; this keeps the outgoing side from holding what the incoming side already refuses.
/// </summary>
internal sealed class ExchangedTokenRevocations(IServiceProvider services) : IRevocationObserver
{
    public void TokenRevoked(string issuer, string tokenId) => services.GetService<ExchangedTokenCache>()?.ForgetToken(issuer, tokenId);

    public void SubjectCutOff(string issuer, string subject, DateTimeOffset issuedBefore) =>
        services.GetService<ExchangedTokenCache>()?.ForgetSubject(issuer, subject, issuedBefore);
}
