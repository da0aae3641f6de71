using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Testing;

namespace S2SAuth.Soak;

/// <summary>One prepared request: the two token headers and the tenant named in the path.</summary>
internal sealed record SoakRequest(RequestKind Kind, string ServiceToken, string UserToken, string Tenant, DateTimeOffset? RevokedAt = null, DateTimeOffset? ExpiresAt = null);

/// <summary>
/// Tokens for every <see cref="RequestKind"/> but <see cref="RequestKind.Revoked"/>, all signed with one published key,
/// minted once per rotation period (RSA signing is too slow to do per request) and swapped whole.
/// </summary>
internal sealed class TokenPool
{
    public static readonly string[] Tenants = ["tenant-a", "tenant-b", "tenant-c", "tenant-d"];
    private const int Users = 32;
    private const int PerKind = 8;

    private readonly SoakRequest[][] _byKind;

    private TokenPool(SoakRequest[][] byKind) => _byKind = byKind;

    public static TokenPool Mint(TestIssuer issuer, TestSigningKey key)
    {
        var now = DateTimeOffset.UtcNow;
        var service = issuer.ServiceToken("orders-service", SoakServer.Audience, [SoakServer.Activity]).SignWith(key).Build();
        var byKind = new SoakRequest[Expectations.All.Length][];
        byKind[(int)RequestKind.Valid] = [.. Enumerable.Range(0, Users).Select(i =>
            new SoakRequest(RequestKind.Valid, service, User(issuer, key, "user-" + i, Tenant(i)).Build(), Tenant(i)))];
        byKind[(int)RequestKind.WrongAudience] = [.. Enumerable.Range(0, PerKind).Select(i =>
            new SoakRequest(RequestKind.WrongAudience, issuer.ServiceToken("orders-service", "billing-api", [SoakServer.Activity]).SignWith(key).Build(),
                User(issuer, key, "user-" + i, Tenant(i)).Build(), Tenant(i)))];
        byKind[(int)RequestKind.Expired] = [.. Enumerable.Range(0, PerKind).Select(i =>
            new SoakRequest(RequestKind.Expired, service, User(issuer, key, "user-" + i, Tenant(i))
                .Claim("iat", now.AddMinutes(-5).ToUnixTimeSeconds()).Claim("nbf", now.AddMinutes(-5).ToUnixTimeSeconds())
                .Claim("exp", now.AddMinutes(-2).ToUnixTimeSeconds()).Build(), Tenant(i)))];
        byKind[(int)RequestKind.Forged] = [.. Enumerable.Range(0, PerKind).Select(i =>
            new SoakRequest(RequestKind.Forged, service, Forge(User(issuer, key, "user-" + i, Tenant(i))), Tenant(i)))];
        byKind[(int)RequestKind.MissingPermission] = [.. Enumerable.Range(0, PerKind).Select(i =>
            new SoakRequest(RequestKind.MissingPermission, service,
                issuer.UserToken("user-" + i, SoakServer.Audience, Tenant(i), ["order.list"]).SignWith(key).Build(), Tenant(i)))];
        byKind[(int)RequestKind.CrossTenant] = [.. Enumerable.Range(0, PerKind).Select(i =>
            new SoakRequest(RequestKind.CrossTenant, service, User(issuer, key, "user-" + i, Tenant(i)).Build(), Tenant(i + 1)))];
        byKind[(int)RequestKind.Malformed] = [.. Junk().Select(j => new SoakRequest(RequestKind.Malformed, service, j, Tenant(0)))];
        byKind[(int)RequestKind.Revoked] = [];
        return new TokenPool(byKind);
    }

    public SoakRequest Pick(RequestKind kind, Random random)
    {
        var pool = _byKind[(int)kind];
        return pool[random.Next(pool.Length)];
    }

    public SoakRequest ValidFor(string userToken, string tenant) => _byKind[(int)RequestKind.Valid][0] with { UserToken = userToken, Tenant = tenant };

    public static string Tenant(int i) => Tenants[i % Tenants.Length];

    public static TokenBuilder User(TestIssuer issuer, TestSigningKey key, string user, string tenant) =>
        issuer.UserToken(user, SoakServer.Audience, tenant, [SoakServer.Activity]).SignWith(key);

    /// <summary>A token whose header names the published key but whose signature is made with another private key.</summary>
    private static string Forge(TokenBuilder builder)
    {
        using var rsa = RSA.Create(2048);
        return builder.SignWith(new RsaSecurityKey(rsa.ExportParameters(true)), SecurityAlgorithms.RsaSha256).Build();
    }

    /// <summary>Not compact JWS: one segment, two, non-base64url, base64url of no JSON, JSON that is not an object.</summary>
    private static string[] Junk() =>
    [
        "junk",
        "abc.def",
        "!!!.###.$$$",
        "bm90LWpzb24.bm90LWpzb24.c2ln",
        Base64UrlEncoder.Encode("[1,2]") + "." + Base64UrlEncoder.Encode("{}") + ".c2ln",
        "a.b.c.d.e",
    ];
}
