namespace Demo.Infrastructure;

/// <summary>
/// The accounts of samples/AuthService/authservice.settings.json. Demo-only secrets, committed on purpose so the demo
/// runs anywhere; a real service reads its secret from a secret store or the environment (<c>ServiceAuth__ClientSecret</c>).
/// </summary>
public static class DemoAccounts
{
    /// <summary>pricing.resolve, billing.charge, platform.cross-tenant; no tenant (it works for all of them).</summary>
    public static readonly DemoAccount Orders = new("orders-service", "demo-only-orders-secret-8f2c");

    /// <summary>billing.reconcile, pricing.resolve; scoped to tenant_a.</summary>
    public static readonly DemoAccount BillingWorker = new("billing-worker", "demo-only-billing-worker-secret-41d7");

    /// <summary>pricing.read only.</summary>
    public static readonly DemoAccount Reporting = new("reporting-service", "demo-only-reporting-secret-c09e");

    /// <summary>pricing.resolve; scoped to tenant_a. Added by the demo itself (not in the seed file): the revocation scenario disables it.</summary>
    public static readonly DemoAccount Inventory = new("inventory-service", "demo-only-inventory-secret-5a3e");

    /// <summary>Disabled at the issuer.</summary>
    public static readonly DemoAccount Legacy = new("legacy-service", "demo-only-legacy-secret-77b1");

    public const string TenantA = "tenant_a";
    public const string TenantB = "tenant_b";
}
