using System.Collections.Immutable;

namespace AuthService.Issuance;

/// <summary>
/// What <see cref="CheckTokenExchange"/> decided for one token-exchange request, handed to <see cref="IssueExchangedToken"/>
/// through OpenIddict's transaction: the user, the one audience, the granted scopes, the new <c>act</c> chain, the lifetime and the subject token's expiry.
/// </summary>
internal sealed record TokenExchangeGrant(
    string ClientId,
    string UserId,
    string? TenantId,
    string Audience,
    ImmutableArray<string> Scopes,
    string Actor,
    int ActorDepth,
    TimeSpan Lifetime,
    DateTimeOffset? SubjectExpires)
{
    public static readonly string TransactionKey = typeof(TokenExchangeGrant).FullName!;
}
