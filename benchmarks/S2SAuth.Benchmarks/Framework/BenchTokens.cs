using S2SAuth.Testing;

namespace S2SAuth.Benchmarks.Framework;

/// <summary>The tokens every benchmark uses: one service token and one user token of realistic shape and size.</summary>
public static class BenchTokens
{
    public const string Audience = "pricing-service";
    public const string Activity = "order.confirm";
    public const string Tenant = "tenant_789";

    public static string Service(TestIssuer issuer) =>
        issuer.ServiceToken("orders-service", Audience, [Activity, "pricing.resolve", "billing.charge"], Tenant).Build();

    public static string User(TestIssuer issuer) =>
        issuer.UserToken("user_123", Audience, Tenant, [Activity, "order.read"], ["order-manager"]).Build();
}
