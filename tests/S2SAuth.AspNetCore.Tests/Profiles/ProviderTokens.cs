namespace S2SAuth.AspNetCore.Tests.Profiles;

/// <summary>
/// One identity provider's tokens, shaped as the provider documents them: a client-credentials (service) token and a
/// user access token, their <c>typ</c> header and lifetime, what S2SAuth must read from each, and a token that fits
/// neither of the profile's rules. <c>iss</c>, <c>iat</c> and <c>exp</c> are the test issuer's; a claim set to
/// <see langword="null"/> is removed from what the token builder writes by default (<c>jti</c>, <c>nbf</c>).
/// The source each shape follows is named in docs/identity-providers.md.
/// </summary>
public sealed record ProviderTokens(string Name, IdentityProviderProfile Profile)
{
    public const string EntraTenant = "3c1f2a9e-5b7d-4e6f-8a0b-1c2d3e4f5a6b";
    public const string EntraApi = "6e74172b-be56-4843-9ff4-e66a39bb12e3";

    /// <summary>The <c>iss</c> of the tokens and <c>ServiceAuth:Issuer</c>, when not the test issuer's (Entra ID, Keycloak realms).</summary>
    public string? Issuer { get; init; }

    public string Typ { get; init; } = "JWT";

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);

    public required Dictionary<string, object?> Service { get; init; }

    public required Dictionary<string, object?> User { get; init; }

    /// <summary>A token that is neither clearly a service nor clearly a user by the profile's rule.</summary>
    public required Dictionary<string, object?> Neither { get; init; }

    public Action<ServiceAuthOptions>? Configure { get; init; }

    public required string ServiceId { get; init; }

    public required string[] Scopes { get; init; }

    public required string UserId { get; init; }

    public string? Tenant { get; init; }

    public string[] Permissions { get; init; } = [];

    public string[] Roles { get; init; } = [];

    public static IReadOnlyList<ProviderTokens> All { get; } =
    [
        new("S2SAuth", IdentityProviderProfile.S2SAuth)
        {
            Service = new() { ["sub"] = "orders-service", ["type"] = "service", ["aud"] = "pricing-service", ["scopes"] = new[] { "order.confirm" } },
            User = new() { ["sub"] = "user_123", ["type"] = "user", ["aud"] = "pricing-service", ["tenant_id"] = "tenant_789", ["permissions"] = new[] { "order.confirm" }, ["roles"] = new[] { "buyer" } },
            Neither = new() { ["sub"] = "orders-service", ["type"] = "robot", ["aud"] = "pricing-service" },
            ServiceId = "orders-service", Scopes = ["order.confirm"], UserId = "user_123", Tenant = "tenant_789", Permissions = ["order.confirm"], Roles = ["buyer"],
        },
        new("Microsoft Entra ID v2", IdentityProviderProfile.EntraId)
        {
            Issuer = $"https://login.microsoftonline.com/{EntraTenant}/v2.0",
            Lifetime = TimeSpan.FromMinutes(75), // 60-90 minutes, random
            Configure = o => o.Audience = EntraApi,
            Service = new()
            {
                ["jti"] = null, ["aud"] = EntraApi, ["aio"] = "E2RgYJg7", ["azp"] = "a0f3c1d2-orders", ["azpacr"] = "1",
                ["idp"] = $"https://sts.windows.net/{EntraTenant}/", ["oid"] = "5f1c6b4e-9a1b-4c2d-8e3f-0a1b2c3d4e5f",
                ["rh"] = "0.AXkA", ["roles"] = new[] { "Orders.Confirm" }, ["sub"] = "5f1c6b4e-9a1b-4c2d-8e3f-0a1b2c3d4e5f",
                ["tid"] = EntraTenant, ["uti"] = "kQnRzZ1", ["ver"] = "2.0", ["idtyp"] = "app",
            },
            User = new()
            {
                ["jti"] = null, ["aud"] = EntraApi, ["aio"] = "AVQAq", ["azp"] = "b7e2d4c1-web", ["azpacr"] = "0", ["name"] = "Alice",
                ["oid"] = "9d8c7b6a-user", ["preferred_username"] = "alice@contoso.com", ["rh"] = "0.AXkA",
                ["scp"] = "Orders.Read Orders.Write", ["sub"] = "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
                ["tid"] = EntraTenant, ["uti"] = "Xb3nR", ["ver"] = "2.0", ["roles"] = new[] { "OrderAdmin" },
            },
            Neither = new() { ["jti"] = null, ["aud"] = EntraApi, ["azp"] = "b7e2d4c1-web", ["oid"] = "9d8c7b6a-user", ["sub"] = "pairwise-sub", ["tid"] = EntraTenant, ["ver"] = "2.0" },
            ServiceId = "a0f3c1d2-orders", Scopes = ["Orders.Confirm"], UserId = "9d8c7b6a-user", Tenant = EntraTenant, Roles = ["OrderAdmin"],
        },
        new("Auth0", IdentityProviderProfile.Auth0)
        {
            Lifetime = TimeSpan.FromHours(24), // Auth0's default API token lifetime
            Service = new()
            {
                ["jti"] = null, ["nbf"] = null, ["sub"] = "Xq2pBc7nT9@clients", ["aud"] = "pricing-service", ["azp"] = "Xq2pBc7nT9",
                ["scope"] = "read:orders confirm:orders", ["gty"] = "client-credentials",
            },
            User = new()
            {
                ["jti"] = null, ["nbf"] = null, ["sub"] = "auth0|64f1c2a7b3", ["aud"] = new[] { "pricing-service", "https://acme.eu.auth0.com/userinfo" },
                ["azp"] = "spa-client", ["scope"] = "openid profile read:orders", ["permissions"] = new[] { "order.confirm", "read:orders" },
                ["org_id"] = "org_W1xKbd3e",
            },
            Neither = new() { ["jti"] = null, ["aud"] = "pricing-service", ["azp"] = "spa-client", ["scope"] = "read:orders" },
            ServiceId = "Xq2pBc7nT9", Scopes = ["confirm:orders", "read:orders"], UserId = "auth0|64f1c2a7b3", Tenant = "org_W1xKbd3e", Permissions = ["order.confirm", "read:orders"],
        },
        new("Keycloak", IdentityProviderProfile.Keycloak)
        {
            Issuer = "https://keycloak.example/realms/acme",
            Configure = o => o.UserTokens.TenantFromIssuer = true,
            Service = new()
            {
                ["aud"] = "pricing-service", ["sub"] = "0b1e6c7e-3d1f-4c5a-9f7b-2a4c6e8d0f12", ["typ"] = "Bearer", ["azp"] = "billing-service", ["acr"] = "1",
                ["realm_access"] = new { roles = new[] { "default-roles-acme", "offline_access" } },
                ["resource_access"] = new Dictionary<string, object> { ["pricing-service"] = new { roles = new[] { "price-reader" } } },
                ["scope"] = "profile email", ["clientHost"] = "10.0.0.7", ["email_verified"] = false,
                ["preferred_username"] = "service-account-billing-service", ["clientAddress"] = "10.0.0.7", ["client_id"] = "billing-service",
            },
            User = new()
            {
                ["aud"] = "pricing-service", ["sub"] = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", ["typ"] = "Bearer", ["azp"] = "frontend", ["sid"] = "3f2e1d", ["acr"] = "1",
                ["realm_access"] = new { roles = new[] { "default-roles-acme", "order-admin" } },
                ["resource_access"] = new Dictionary<string, object> { ["pricing-service"] = new { roles = new[] { "order-viewer" } }, ["account"] = new { roles = new[] { "manage-account" } } },
                ["scope"] = "openid email profile", ["email_verified"] = true, ["name"] = "Alice Liddell", ["preferred_username"] = "alice",
                ["given_name"] = "Alice", ["family_name"] = "Liddell", ["email"] = "alice@example.com",
            },
            Neither = new() { ["aud"] = "pricing-service", ["sub"] = "0b1e6c7e-3d1f-4c5a-9f7b-2a4c6e8d0f12", ["azp"] = "billing-service", ["client_id"] = "billing-service" },
            ServiceId = "billing-service", Scopes = ["email", "profile"], UserId = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", Tenant = "acme",
            Roles = ["default-roles-acme", "order-admin", "order-viewer"],
        },
        new("Okta", IdentityProviderProfile.Okta)
        {
            Service = new()
            {
                ["ver"] = 1, ["jti"] = "AT.4nq2b5ZT", ["aud"] = "pricing-service", ["cid"] = "0oa8f5j3ecb5w3dF35d7",
                ["scp"] = new[] { "orders.confirm" }, ["sub"] = "0oa8f5j3ecb5w3dF35d7",
            },
            User = new()
            {
                ["ver"] = 1, ["jti"] = "AT.9xk3p0", ["aud"] = "pricing-service", ["cid"] = "0oaspa1b2c", ["uid"] = "00u1a2b3c4d5e6f7g8h9",
                ["scp"] = new[] { "openid", "orders.read" }, ["auth_time"] = 1_700_000_000, ["sub"] = "alice@example.com", ["groups"] = new[] { "OrderAdmins" },
            },
            Neither = new() { ["ver"] = 1, ["aud"] = "pricing-service", ["cid"] = "0oa8f5j3ecb5w3dF35d7", ["sub"] = "someone-else" },
            ServiceId = "0oa8f5j3ecb5w3dF35d7", Scopes = ["orders.confirm"], UserId = "00u1a2b3c4d5e6f7g8h9", Roles = ["OrderAdmins"],
        },
        new("Amazon Cognito", IdentityProviderProfile.Cognito)
        {
            Configure = o =>
            {
                o.Audience = null;
                o.Audiences = ["3n4b5urk1ft4fl3mg5e62d9ado", "7f0webclient0app"];
            },
            Service = new()
            {
                ["nbf"] = null, ["sub"] = "3n4b5urk1ft4fl3mg5e62d9ado", ["token_use"] = "access", ["scope"] = "pricing/orders.confirm",
                ["auth_time"] = 1_700_000_000, ["version"] = 2, ["client_id"] = "3n4b5urk1ft4fl3mg5e62d9ado",
            },
            User = new()
            {
                ["nbf"] = null, ["sub"] = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", ["cognito:groups"] = new[] { "order-admins" }, ["version"] = 2,
                ["client_id"] = "7f0webclient0app", ["origin_jti"] = "b1c2", ["event_id"] = "e3d4", ["token_use"] = "access",
                ["scope"] = "aws.cognito.signin.user.admin openid", ["auth_time"] = 1_700_000_000, ["username"] = "alice",
            },
            Neither = new() { ["nbf"] = null, ["sub"] = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", ["aud"] = "7f0webclient0app", ["token_use"] = "id", ["client_id"] = "7f0webclient0app", ["cognito:username"] = "alice" },
            ServiceId = "3n4b5urk1ft4fl3mg5e62d9ado", Scopes = ["pricing/orders.confirm"], UserId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", Roles = ["order-admins"],
        },
        new("Duende IdentityServer", IdentityProviderProfile.DuendeIdentityServer)
        {
            Typ = "at+jwt",
            Service = new() { ["aud"] = "pricing-service", ["scope"] = new[] { "orders.confirm" }, ["client_id"] = "orders-service" },
            User = new()
            {
                ["aud"] = "pricing-service", ["scope"] = new[] { "openid", "profile", "orders.read" }, ["amr"] = new[] { "pwd" }, ["client_id"] = "web",
                ["sub"] = "818727", ["auth_time"] = 1_700_000_000, ["idp"] = "local", ["role"] = new[] { "order-admin" }, ["sid"] = "7A1B",
            },
            Neither = new() { ["aud"] = "pricing-service", ["scope"] = new[] { "orders.confirm" } },
            ServiceId = "orders-service", Scopes = ["orders.confirm"], UserId = "818727", Roles = ["order-admin"],
        },
        new("OpenIddict", IdentityProviderProfile.OpenIddict)
        {
            Typ = "at+jwt",
            Service = new() { ["aud"] = "pricing-service", ["scope"] = "orders.confirm", ["client_id"] = "orders-service", ["oi_tkn_id"] = "b2c7" },
            User = new() { ["aud"] = "pricing-service", ["sub"] = "alice-id", ["scope"] = "openid orders.read", ["client_id"] = "web", ["role"] = "order-admin", ["oi_tkn_id"] = "c3d8" },
            Neither = new() { ["aud"] = "pricing-service", ["scope"] = "orders.confirm", ["oi_tkn_id"] = "d4e9" },
            ServiceId = "orders-service", Scopes = ["orders.confirm"], UserId = "alice-id", Roles = ["order-admin"],
        },
        new("RFC 9068", IdentityProviderProfile.Rfc9068)
        {
            Typ = "at+jwt",
            Service = new() { ["aud"] = "pricing-service", ["sub"] = "orders-service", ["client_id"] = "orders-service", ["scope"] = "orders.confirm" },
            User = new()
            {
                ["aud"] = "pricing-service", ["sub"] = "5ba552d67", ["client_id"] = "s6BhdRkqt3", ["scope"] = "openid profile reademail",
                ["auth_time"] = 1_700_000_000, ["roles"] = new[] { "order-admin" }, ["groups"] = new[] { "buyers" }, ["entitlements"] = new[] { "order.confirm" },
            },
            Neither = new() { ["aud"] = "pricing-service", ["client_id"] = "orders-service", ["scope"] = "orders.confirm" },
            ServiceId = "orders-service", Scopes = ["orders.confirm"], UserId = "5ba552d67", Permissions = ["order.confirm"], Roles = ["buyers", "order-admin"],
        },
    ];

    public override string ToString() => Name;
}
