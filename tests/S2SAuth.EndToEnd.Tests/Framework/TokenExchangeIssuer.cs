using Duende.IdentityModel;
using Duende.IdentityModel.Client;

namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>
/// An AuthService (real, on 127.0.0.1) with <see cref="TestAccounts"/> plus a token-exchange policy: Orders may exchange
/// for Pricing and Billing (and the URI audience <see cref="LedgerResource"/>), Pricing may re-exchange for Billing; at
/// most <see cref="MaxActorDepth"/> actors. Demo user tokens live <see cref="UserTokenLifetime"/>, less than the access
/// token lifetime, so an exchanged token's <c>exp</c> is visibly bound by its subject's.
/// </summary>
public sealed class TokenExchangeIssuer : IAsyncLifetime
{
    public const string Pricing = "pricing-service";
    public const string PricingSecret = "e2e-pricing-secret-4c0b7d1e92";
    public const string OrdersAudience = "orders-service";
    public const string LedgerResource = "urn:s2sauth:ledger";
    public const string Dave = "dave";
    public const int MaxActorDepth = 2;
    public static readonly TimeSpan UserTokenLifetime = TimeSpan.FromMinutes(2);

    public AuthServiceFixture Issuer { get; } = new()
    {
        ExtraSettings = new Dictionary<string, string?>
        {
            ["Scopes:3:Name"] = "billing.charge",
            ["Scopes:3:Audiences:0"] = TestAccounts.BillingAudience,
            ["Scopes:4:Name"] = "ledger.read",
            ["Scopes:4:Audiences:0"] = LedgerResource,
            ["ServiceAccounts:0:Scopes:2"] = "billing.charge",
            ["ServiceAccounts:0:Scopes:3"] = "ledger.read",
            ["ServiceAccounts:4:Id"] = Pricing,
            ["ServiceAccounts:4:Secret"] = PricingSecret,
            ["ServiceAccounts:4:Scopes:0"] = "billing.charge",

            ["DevUserTokens:Audiences:1"] = OrdersAudience,
            ["DevUserTokens:Lifetime"] = UserTokenLifetime.ToString(),
            ["DevUserTokens:Users:0:Permissions:2"] = "billing.charge",
            ["DevUserTokens:Users:0:Permissions:3"] = "billing.reconcile",
            ["DevUserTokens:Users:0:Permissions:4"] = "ledger.read",
            ["DevUserTokens:Users:1:Id"] = Dave,
            ["DevUserTokens:Users:1:TenantId"] = TestAccounts.AliceTenant,
            ["DevUserTokens:Users:1:Permissions:0"] = "pricing.resolve",

            ["TokenExchange:MaxActorDepth"] = MaxActorDepth.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TokenExchange:Clients:orders-service:Audiences:0"] = TestAccounts.PricingAudience,
            ["TokenExchange:Clients:orders-service:Audiences:1"] = TestAccounts.BillingAudience,
            ["TokenExchange:Clients:orders-service:Audiences:2"] = LedgerResource,
            ["TokenExchange:Clients:orders-service:Scopes:0"] = "pricing.resolve",
            ["TokenExchange:Clients:orders-service:Scopes:1"] = "billing.charge",
            ["TokenExchange:Clients:orders-service:Scopes:2"] = "ledger.read",
            ["TokenExchange:Clients:pricing-service:Audiences:0"] = TestAccounts.BillingAudience,
            ["TokenExchange:Clients:pricing-service:Scopes:0"] = "billing.charge",
        },
    };

    public Task InitializeAsync() => Issuer.InitializeAsync();

    public Task DisposeAsync() => Issuer.DisposeAsync();

    /// <summary>An RFC 8693 request as the S2SAuth client sends it (Duende.IdentityModel, HTTP Basic client authentication).</summary>
    public Task<TokenResponse> ExchangeAsync(string clientId, string secret, string subjectToken, string? audience, string? scope, string? resource = null, string? actorToken = null) =>
        Issuer.Http.RequestTokenExchangeTokenAsync(new TokenExchangeTokenRequest
        {
            Address = Issuer.Issuer.TokenEndpoint.AbsoluteUri,
            ClientId = clientId,
            ClientSecret = secret,
            ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader,
            SubjectToken = subjectToken,
            SubjectTokenType = OidcConstants.TokenTypeIdentifiers.AccessToken,
            Audience = audience,
            Resource = resource,
            Scope = scope,
            RequestedTokenType = OidcConstants.TokenTypeIdentifiers.AccessToken,
            ActorToken = actorToken,
            ActorTokenType = actorToken is null ? null : OidcConstants.TokenTypeIdentifiers.AccessToken,
        });

    /// <summary>A demo user token for Orders and Pricing (the two audiences configured).</summary>
    public async Task<string> UserTokenAsync(string userId = TestAccounts.Alice, string[]? audiences = null, bool expired = false) =>
        (await Issuer.DevUserTokenAsync(userId, audiences, expired)).Token();
}
