using Microsoft.IdentityModel.JsonWebTokens;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Caching;
using S2SAuth.Verification;

namespace S2SAuth.AspNetCore.Tests.Caching.Framework;

/// <summary>
/// Verified-token entries for the cache's own tests. The cache holds what verification established; it never reads a
/// signature, so these tokens are well-formed JWS with a dummy signature, cheap to make by the thousand.
/// </summary>
public static class Entries
{
    public const long KeySet = 1;

    internal static CachedVerification Service(int n, long expiresAtUtcTicks, int padding = 0, long keySet = KeySet) =>
        Create(Token(n, "service", padding), TokenKind.Service, expiresAtUtcTicks, keySet);

    internal static CachedVerification User(int n, long expiresAtUtcTicks) =>
        Create(Token(n, "user", 0), TokenKind.User, expiresAtUtcTicks, KeySet);

    /// <summary>A token of about 300 characters plus <paramref name="padding"/>.</summary>
    public static string Token(int n, string type, int padding) =>
        Jws.Encode("""{"alg":"RS256","kid":"key-1","typ":"JWT"}""") + "."
        + Jws.Encode($$"""{"sub":"svc-{{n}}","type":"{{type}}","scopes":["order.confirm"],"permissions":["order.confirm"],"tenant_id":"tenant_789","jti":"jti-{{n}}","pad":"{{new string('x', padding)}}"}""")
        + ".c2lnbmF0dXJl";

    private static CachedVerification Create(string token, TokenKind kind, long expiresAtUtcTicks, long keySet)
    {
        var expiresAt = new DateTimeOffset(expiresAtUtcTicks, TimeSpan.Zero);
        var parsed = new JsonWebToken(token);
        var rules = new S2SAuth.Profiles.TokenRules(new ServiceAuthOptions()).For(kind);
        var verified = VerifiedToken.Create(parsed, kind, token, expiresAt.AddHours(-1), expiresAt, rules, parsed.Subject);
        return new CachedVerification(verified, keySet, expiresAtUtcTicks);
    }
}
