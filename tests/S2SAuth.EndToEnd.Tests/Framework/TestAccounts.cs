namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>The accounts, scopes and demo users the test issuer is seeded with. Secrets are distinctive so a leak is findable.</summary>
public static class TestAccounts
{
    public const string Orders = "orders-service";
    public const string OrdersSecret = "e2e-orders-secret-5b1f0c7e9a";
    public const string Worker = "billing-worker";
    public const string WorkerSecret = "e2e-worker-secret-93d4aa02c1";
    public const string WorkerTenant = "tenant_a";
    public const string Disabled = "retired-service";
    public const string DisabledSecret = "e2e-retired-secret-0c8e51b7f3";
    public const string Toggled = "toggled-service";
    public const string ToggledSecret = "e2e-toggled-secret-7a2de9c460";

    public const string PricingAudience = "pricing-service";
    public const string BillingAudience = "billing-service";
    public const string Alice = "alice";
    public const string AliceTenant = "tenant_a";

    public static readonly string[] AllSecrets = [OrdersSecret, WorkerSecret, DisabledSecret, ToggledSecret];

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Scopes:0:Name"] = "pricing.resolve",
        ["Scopes:0:Audiences:0"] = PricingAudience,
        ["Scopes:1:Name"] = "pricing.read",
        ["Scopes:1:Audiences:0"] = PricingAudience,
        ["Scopes:2:Name"] = "billing.reconcile",
        ["Scopes:2:Audiences:0"] = BillingAudience,

        ["ServiceAccounts:0:Id"] = Orders,
        ["ServiceAccounts:0:Secret"] = OrdersSecret,
        ["ServiceAccounts:0:Scopes:0"] = "pricing.resolve",
        ["ServiceAccounts:0:Scopes:1"] = "billing.reconcile",
        ["ServiceAccounts:1:Id"] = Worker,
        ["ServiceAccounts:1:Secret"] = WorkerSecret,
        ["ServiceAccounts:1:Scopes:0"] = "pricing.resolve",
        ["ServiceAccounts:1:TenantId"] = WorkerTenant,
        ["ServiceAccounts:2:Id"] = Disabled,
        ["ServiceAccounts:2:Secret"] = DisabledSecret,
        ["ServiceAccounts:2:Scopes:0"] = "pricing.resolve",
        ["ServiceAccounts:2:Disabled"] = "true",
        ["ServiceAccounts:3:Id"] = Toggled,
        ["ServiceAccounts:3:Secret"] = ToggledSecret,
        ["ServiceAccounts:3:Scopes:0"] = "pricing.resolve",

        ["DevUserTokens:Enabled"] = "true",
        ["DevUserTokens:Audiences:0"] = PricingAudience,
        ["DevUserTokens:Users:0:Id"] = Alice,
        ["DevUserTokens:Users:0:TenantId"] = AliceTenant,
        ["DevUserTokens:Users:0:Roles:0"] = "pricing-reader",
        ["DevUserTokens:Users:0:Permissions:0"] = "pricing.resolve",
        ["DevUserTokens:Users:0:Permissions:1"] = "pricing.read",
    };
}
