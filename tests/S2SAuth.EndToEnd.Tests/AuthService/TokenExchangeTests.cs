using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthService.Hosting;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.AuthService;

/// <summary>RFC 8693 at the real sample issuer, over HTTP on 127.0.0.1, as the S2SAuth client asks for it (Duende.IdentityModel).</summary>
[Collection(TokenExchangeCollection.Name)]
public sealed class TokenExchangeTests(TokenExchangeIssuer exchange)
{
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    private AuthServiceFixture Fixture => exchange.Issuer;

    [Fact]
    public async Task Exchange_issues_a_user_token_for_one_audience_with_the_granted_scopes_and_the_client_as_actor()
    {
        var subject = await exchange.UserTokenAsync();

        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, subject, TestAccounts.PricingAudience, "pricing.resolve");

        Assert.False(response.IsError, response.Error);
        Assert.Equal(AccessTokenType, response.IssuedTokenType);
        Assert.Equal("Bearer", response.TokenType);
        var token = response.AccessToken!;
        Assert.Equal("at+jwt", Jwt.Header(token).GetProperty("typ").GetString());
        var claims = Jwt.Payload(token);
        var original = Jwt.Payload(subject);
        Assert.Equal(TestAccounts.Alice, claims.GetProperty("sub").GetString());
        Assert.Equal("user", claims.GetProperty("type").GetString());
        Assert.Equal(TestAccounts.AliceTenant, claims.GetProperty("tenant_id").GetString());
        Assert.Equal(JsonValueKind.Array, claims.GetProperty("permissions").ValueKind);
        Assert.Equal(["pricing.resolve"], Jwt.Strings(claims.GetProperty("permissions")));
        Assert.Equal("pricing.resolve", claims.GetProperty("scope").GetString());
        Assert.Equal([TestAccounts.PricingAudience], Jwt.Strings(claims.GetProperty("aud")));
        Assert.False(claims.TryGetProperty("roles", out _), "An exchanged token carries no roles.");
        Assert.Equal("""{"sub":"orders-service"}""", claims.GetProperty("act").GetRawText());
        Assert.Equal(original.GetProperty("iss").GetString(), claims.GetProperty("iss").GetString());
        Assert.NotEqual(original.GetProperty("jti").GetString(), claims.GetProperty("jti").GetString());

        // The user token lives 2 minutes, access tokens 5: the exchanged token ends exactly when its subject does.
        Assert.Equal(original.GetProperty("exp").GetInt64(), claims.GetProperty("exp").GetInt64());
        Assert.InRange(response.ExpiresIn, 1, (int)TokenExchangeIssuer.UserTokenLifetime.TotalSeconds);
        Assert.Contains(Fixture.Logs.Entries, e => e.EventId.Id == 5005 && e.Message.Contains("by orders-service for user alice: audience pricing-service, scopes [pricing.resolve], actor depth 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exchanged_token_is_accepted_by_an_S2SAuth_service_of_its_audience_as_the_user_with_the_narrowed_permissions()
    {
        var token = await ExchangedAsync(TestAccounts.PricingAudience, "pricing.resolve");
        await using var pricing = await ProtectedApi.StartAsync(Fixture.Authority, TestAccounts.PricingAudience);
        await using var billing = await ProtectedApi.StartAsync(Fixture.Authority, TestAccounts.BillingAudience);

        // With the actor's own service token (ServiceAuth:Delegation:RequireActorIsCaller, on by default).
        var ordersAtPricing = await Fixture.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve");
        var ordersAtBilling = await Fixture.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "billing.charge");
        using var accepted = await pricing.GetAsync("/gateway", serviceToken: ordersAtPricing, userToken: token);
        using var replayed = await billing.GetAsync("/gateway", serviceToken: ordersAtBilling, userToken: token);
        using var withoutActor = await pricing.GetAsync("/gateway", userToken: token);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var user = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(TestAccounts.Alice, user.GetProperty("user").GetString());
        Assert.Equal(["pricing.resolve"], Jwt.Strings(user.GetProperty("permissions")));
        Assert.Empty(Jwt.Strings(user.GetProperty("roles")));
        await ProblemAssert.IsProblemAsync(replayed, HttpStatusCode.Unauthorized, AuthErrorCodes.AudienceInvalid);
        await ProblemAssert.IsProblemAsync(withoutActor, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorNotCaller);
    }

    [Fact]
    public async Task Re_exchange_by_another_allowed_client_nests_the_earlier_actor()
    {
        var first = await ExchangedAsync(TestAccounts.PricingAudience, "pricing.resolve billing.charge");

        var response = await exchange.ExchangeAsync(TokenExchangeIssuer.Pricing, TokenExchangeIssuer.PricingSecret, first, TestAccounts.BillingAudience, "billing.charge");

        Assert.False(response.IsError, response.Error);
        var claims = Jwt.Payload(response.AccessToken!);
        Assert.Equal("""{"sub":"pricing-service","act":{"sub":"orders-service"}}""", claims.GetProperty("act").GetRawText());
        Assert.Equal(TestAccounts.Alice, claims.GetProperty("sub").GetString());
        Assert.Equal([TestAccounts.BillingAudience], Jwt.Strings(claims.GetProperty("aud")));
        Assert.Equal(["billing.charge"], Jwt.Strings(claims.GetProperty("permissions")));
        Assert.True(claims.GetProperty("exp").GetInt64() <= Jwt.Payload(first).GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task Actor_chain_longer_than_MaxActorDepth_is_refused_with_invalid_grant()
    {
        var first = await ExchangedAsync(TestAccounts.PricingAudience, "pricing.resolve billing.charge");
        var second = await exchange.ExchangeAsync(TokenExchangeIssuer.Pricing, TokenExchangeIssuer.PricingSecret, first, TestAccounts.BillingAudience, "billing.charge");
        Assert.False(second.IsError, second.Error); // depth 2 = MaxActorDepth: still allowed

        // Pricing presented the depth-2 token, so OpenIddict lets it exchange it again: the third actor is one too many.
        var third = await exchange.ExchangeAsync(TokenExchangeIssuer.Pricing, TokenExchangeIssuer.PricingSecret, second.AccessToken!, TestAccounts.BillingAudience, "billing.charge");

        AssertRefused(third, HttpStatusCode.BadRequest, "invalid_grant", $"exceed {TokenExchangeIssuer.MaxActorDepth} actors");
    }

    [Theory]
    [InlineData("""{"sub":"billing-service","act":{"sub":"pricing-service"}}""", "exceed 2 actors")] // 2 + Orders = 3
    [InlineData("""{"sub":"billing-service","act":{"sub":"pricing-service","act":{"sub":"x","act":{"sub":"y"}}}}""", "exceed 2 actors")]
    [InlineData("\"orders-service\"", "not a valid actor chain")]
    [InlineData("""{"act":{"sub":"pricing-service"}}""", "not a valid actor chain")]
    [InlineData("""{"sub":""}""", "not a valid actor chain")]
    public async Task Subject_token_with_a_long_or_malformed_act_chain_is_refused_with_invalid_grant(string act, string reason)
    {
        // Signed with the issuer's own key, as if it had issued it: only the act claim is wrong.
        var subject = IssuerSignedUserToken(JsonDocument.Parse(act).RootElement.Clone());

        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, subject, TestAccounts.PricingAudience, "pricing.resolve");

        AssertRefused(response, HttpStatusCode.BadRequest, "invalid_grant", reason);
    }

    [Fact]
    public async Task Subject_token_with_a_one_actor_chain_gets_it_nested()
    {
        var subject = IssuerSignedUserToken(JsonDocument.Parse("""{"sub":"gateway"}""").RootElement.Clone());

        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, subject, TestAccounts.PricingAudience, "pricing.resolve");

        Assert.False(response.IsError, response.Error);
        Assert.Equal("""{"sub":"orders-service","act":{"sub":"gateway"}}""", Jwt.Payload(response.AccessToken!).GetProperty("act").GetRawText());
    }

    [Fact]
    public async Task Request_without_scope_is_refused_with_invalid_scope()
    {
        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, await exchange.UserTokenAsync(), TestAccounts.PricingAudience, scope: null);

        AssertRefused(response, HttpStatusCode.BadRequest, "invalid_scope", "at least one scope");
    }

    [Fact]
    public async Task Audience_may_be_named_with_the_resource_parameter()
    {
        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, await exchange.UserTokenAsync(), audience: null, "ledger.read", resource: TokenExchangeIssuer.LedgerResource);

        Assert.False(response.IsError, response.Error);
        Assert.Equal([TokenExchangeIssuer.LedgerResource], Jwt.Strings(Jwt.Payload(response.AccessToken!).GetProperty("aud")));
    }

    [Fact]
    public async Task Client_not_in_the_policy_is_refused_with_unauthorized_client()
    {
        // The worker may ask for pricing.resolve as itself, but the policy does not let it exchange.
        var response = await exchange.ExchangeAsync(TestAccounts.Worker, TestAccounts.WorkerSecret, await exchange.UserTokenAsync(), TestAccounts.PricingAudience, "pricing.resolve");

        AssertRefused(response, HttpStatusCode.BadRequest, "unauthorized_client", "may not exchange tokens");
    }

    [Theory]
    [InlineData(TokenExchangeIssuer.Pricing, TestAccounts.PricingAudience, "billing.charge")] // registered, not Pricing's
    [InlineData(TestAccounts.Orders, "payroll-service", "pricing.resolve")] // unknown to the issuer
    public async Task Audience_the_policy_does_not_allow_the_client_is_refused_with_invalid_target(string clientId, string audience, string scope)
    {
        var secret = clientId == TestAccounts.Orders ? TestAccounts.OrdersSecret : TokenExchangeIssuer.PricingSecret;
        var subject = await exchange.UserTokenAsync(audiences: [TestAccounts.PricingAudience, TokenExchangeIssuer.OrdersAudience]);

        var response = await exchange.ExchangeAsync(clientId, secret, subject, audience, scope);

        AssertRefused(response, HttpStatusCode.BadRequest, "invalid_target");
    }

    [Fact]
    public async Task Two_audiences_are_refused_with_invalid_target()
    {
        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, await exchange.UserTokenAsync(), TestAccounts.PricingAudience, "ledger.read", resource: TokenExchangeIssuer.LedgerResource);

        AssertRefused(response, HttpStatusCode.BadRequest, "invalid_target", "exactly one audience");
    }

    [Fact]
    public async Task Scope_the_subject_token_does_not_hold_is_refused_with_invalid_scope_not_narrowed()
    {
        // Dave holds pricing.resolve only; Orders may exchange for billing.charge, but not with more than Dave has.
        var subject = await exchange.UserTokenAsync(TokenExchangeIssuer.Dave);

        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, subject, TestAccounts.PricingAudience, "pricing.resolve billing.charge");

        AssertRefused(response, HttpStatusCode.BadRequest, "invalid_scope", "does not hold the scope 'billing.charge'");
    }

    [Theory]
    [InlineData("billing.reconcile", "may not exchange tokens for the scope 'billing.reconcile'")] // the account's own scope, not in its exchange policy
    [InlineData("pricing.read", "may not ask for the scope 'pricing.read'")] // not even the account's own scope
    public async Task Scope_not_allowed_for_the_client_is_refused_with_invalid_scope(string scope, string reason)
    {
        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, await exchange.UserTokenAsync(), TestAccounts.PricingAudience, scope);

        AssertRefused(response, HttpStatusCode.BadRequest, "invalid_scope", reason);
    }

    [Fact]
    public async Task Expired_subject_token_is_refused_with_invalid_grant()
    {
        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, await exchange.UserTokenAsync(expired: true), TestAccounts.PricingAudience, "pricing.resolve");

        AssertRefused(response, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("forged-signature")]
    [InlineData("foreign-key")]
    public async Task Garbage_or_forged_subject_token_is_refused_with_invalid_grant(string kind)
    {
        var genuine = await exchange.UserTokenAsync();
        var subject = kind switch
        {
            "not-a-token" => "not-a-token",
            "forged-signature" => genuine[..genuine.LastIndexOf('.')] + "." + new string('A', 342),
            _ => ForeignToken(),
        };

        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, subject, TestAccounts.PricingAudience, "pricing.resolve");

        AssertRefused(response, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Service_token_as_subject_is_refused_with_invalid_grant()
    {
        var serviceToken = await Fixture.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve");

        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, serviceToken, TestAccounts.PricingAudience, "pricing.resolve");

        AssertRefused(response, HttpStatusCode.BadRequest, "invalid_grant", "must be a user token");
    }

    [Fact]
    public async Task User_token_not_issued_to_the_client_is_refused_with_invalid_grant()
    {
        // A user token for Pricing only, replayed by Orders to the issuer.
        var subject = await exchange.UserTokenAsync(audiences: [TestAccounts.PricingAudience]);

        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, subject, TestAccounts.PricingAudience, "pricing.resolve");

        AssertRefused(response, HttpStatusCode.BadRequest, "invalid_grant", "not issued to this client");
    }

    [Fact]
    public async Task Actor_token_is_refused_with_invalid_request()
    {
        var actor = await Fixture.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve");

        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, await exchange.UserTokenAsync(), TestAccounts.PricingAudience, "pricing.resolve", actorToken: actor);

        AssertRefused(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("urn:ietf:params:oauth:token-type:id_token")]
    [InlineData("urn:ietf:params:oauth:token-type:refresh_token")]
    [InlineData("urn:ietf:params:oauth:token-type:jwt")]
    public async Task Subject_token_type_other_than_access_token_is_refused_with_invalid_request(string subjectTokenType)
    {
        var result = await Fixture.PostFormAsync("connect/token", TestAccounts.Orders, TestAccounts.OrdersSecret,
            ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"), ("subject_token", await exchange.UserTokenAsync()),
            ("subject_token_type", subjectTokenType), ("audience", TestAccounts.PricingAudience), ("scope", "pricing.resolve"));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_request", result.Error);
        Assert.Null(result.AccessToken);
    }

    [Fact]
    public async Task Revoked_exchanged_token_cannot_be_exchanged_again()
    {
        var exchanged = await ExchangedAsync(TestAccounts.PricingAudience, "pricing.resolve billing.charge");
        var revoked = await Fixture.PostFormAsync("connect/revoke", TestAccounts.Orders, TestAccounts.OrdersSecret, ("token", exchanged));
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        var response = await exchange.ExchangeAsync(TokenExchangeIssuer.Pricing, TokenExchangeIssuer.PricingSecret, exchanged, TestAccounts.BillingAudience, "billing.charge");

        AssertRefused(response, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Demo_settings_let_Orders_exchange_a_demo_user_token_for_Pricing_only()
    {
        await using var issuer = await AuthServiceHost.StartAsync(new AuthServiceStartOptions
        {
            UseDemoSettings = true,
            Settings = [new("DevUserTokens:Enabled", "true")],
        });
        using var http = new HttpClient { BaseAddress = issuer.BaseAddress };
        using var minted = await http.PostAsJsonAsync("dev/user-tokens", new { userId = "alice" });
        var subject = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;

        var response = await http.RequestTokenExchangeTokenAsync(new TokenExchangeTokenRequest
        {
            Address = issuer.TokenEndpoint.AbsoluteUri,
            ClientId = TestAccounts.Orders,
            ClientSecret = "demo-only-orders-secret-8f2c",
            SubjectToken = subject,
            SubjectTokenType = AccessTokenType,
            Audience = TestAccounts.PricingAudience,
            Scope = "pricing.resolve",
        });

        Assert.False(response.IsError, response.Error);
        var claims = Jwt.Payload(response.AccessToken!);
        Assert.Equal([TestAccounts.PricingAudience], Jwt.Strings(claims.GetProperty("aud")));
        Assert.Equal("""{"sub":"orders-service"}""", claims.GetProperty("act").GetRawText());
    }

    [Fact]
    public async Task Wrong_client_secret_is_refused_with_invalid_client()
    {
        var response = await exchange.ExchangeAsync(TestAccounts.Orders, "e2e-not-the-orders-secret-000", await exchange.UserTokenAsync(), TestAccounts.PricingAudience, "pricing.resolve");

        AssertRefused(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task No_subject_or_exchanged_token_appears_in_any_log_line_and_each_refusal_is_logged_once()
    {
        var subject = await exchange.UserTokenAsync();
        var exchanged = await ExchangedAsync(TestAccounts.PricingAudience, "pricing.resolve billing.charge");
        var again = (await exchange.ExchangeAsync(TokenExchangeIssuer.Pricing, TokenExchangeIssuer.PricingSecret, exchanged, TestAccounts.BillingAudience, "billing.charge")).AccessToken!;
        var refusalsBefore = Refusals();
        await exchange.ExchangeAsync(TestAccounts.Worker, TestAccounts.WorkerSecret, subject, TestAccounts.PricingAudience, "pricing.resolve");
        await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, subject + "x", TestAccounts.PricingAudience, "pricing.resolve");
        await exchange.ExchangeAsync(TestAccounts.Orders, "e2e-not-the-orders-secret-000", subject, TestAccounts.PricingAudience, "pricing.resolve");

        Assert.Equal(3, Refusals() - refusalsBefore);
        Assert.Contains(Fixture.Logs.Entries, e => e.Level == LogLevel.Trace && e.Category.StartsWith("OpenIddict", StringComparison.Ordinal));
        var logs = Fixture.Logs.AllText();
        foreach (var token in new[] { subject, exchanged, again })
        {
            Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split('.')[1], logs, StringComparison.Ordinal); // nor the payload
            Assert.DoesNotContain(token.Split('.')[2], logs, StringComparison.Ordinal); // nor the signature
        }

        Assert.DoesNotContain(TestAccounts.OrdersSecret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("e2e-not-the-orders-secret-000", logs, StringComparison.Ordinal);

        int Refusals() => Fixture.Logs.Entries.Count(e => e.EventId.Id == 5006);
    }

    [Theory]
    [InlineData("TokenExchange:Clients:payroll-service:Audiences:0", TestAccounts.PricingAudience, "'payroll-service' is not a configured service account")]
    [InlineData("TokenExchange:Clients:billing-worker:Scopes:0", "billing.reconcile", "'billing.reconcile' is not one of the account's own ServiceAccounts Scopes")]
    [InlineData("TokenExchange:Clients:orders-service:Audiences:0", "payroll-service", "'payroll-service' is not the audience of any scope")]
    [InlineData("TokenExchange:MaxActorDepth", "0", "TokenExchange:MaxActorDepth is 0")]
    public async Task Invalid_policy_fails_start_up_naming_the_key(string key, string value, string message)
    {
        var settings = TestAccounts.Settings();
        settings["TokenExchange:Clients:orders-service:Audiences:0"] = TestAccounts.PricingAudience;
        settings["TokenExchange:Clients:orders-service:Scopes:0"] = "pricing.resolve";
        settings["TokenExchange:Clients:billing-worker:Audiences:0"] = TestAccounts.PricingAudience;
        settings["TokenExchange:Clients:billing-worker:Scopes:0"] = "pricing.resolve";
        settings[key] = value;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AuthServiceHost.StartAsync(new AuthServiceStartOptions { Settings = settings }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private async Task<string> ExchangedAsync(string audience, string scope)
    {
        var response = await exchange.ExchangeAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, await exchange.UserTokenAsync(), audience, scope);
        Assert.False(response.IsError, response.Error);
        return response.AccessToken!;
    }

    private void AssertRefused(TokenResponse response, HttpStatusCode status, string error, string? reason = null)
    {
        Assert.Equal(status, response.HttpStatusCode);
        Assert.Equal(error, response.Json?.GetProperty("error").GetString()); // Duende reports a 401 as an HTTP error: read the body
        Assert.Equal(error, response.HttpStatusCode == HttpStatusCode.BadRequest ? response.Error : error);
        Assert.Null(response.AccessToken);
        // Logged with its error and reason (exactly one line per refusal: No_subject_or_exchanged_token_appears_in_any_log_line...).
        Assert.Contains(Fixture.Logs.Entries, e => e.EventId.Id == 5006 && e.Message.Contains($"refused with {error}: {Description(response)}", StringComparison.Ordinal));
        if (reason is not null)
        {
            Assert.Contains(reason, Description(response), StringComparison.Ordinal);
        }
    }

    private static string Description(TokenResponse response) => response.Json?.GetProperty("error_description").GetString() ?? "?";

    /// <summary>An <c>at+jwt</c> user token for Orders signed with the issuer's current key, carrying <paramref name="act"/>.</summary>
    private string IssuerSignedUserToken(JsonElement act)
    {
        var server = Fixture.Issuer.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = Fixture.Issuer.BaseAddress.AbsoluteUri,
            Expires = DateTime.UtcNow.AddMinutes(2),
            TokenType = "at+jwt",
            Claims = new Dictionary<string, object>
            {
                ["sub"] = TestAccounts.Alice,
                ["aud"] = new[] { TestAccounts.Orders },
                ["type"] = "user",
                ["permissions"] = new[] { "pricing.resolve" },
                ["act"] = act,
            },
            SigningCredentials = server.SigningCredentials.First(c => c.Key is Microsoft.IdentityModel.Tokens.AsymmetricSecurityKey),
        });
    }

    /// <summary>A well-formed <c>at+jwt</c> user token with the issuer's <c>iss</c>, signed by a key the issuer never had.</summary>
    private string ForeignToken()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var key = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa) { KeyId = "foreign" };
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = Fixture.Issuer.BaseAddress.AbsoluteUri,
            Audience = TestAccounts.Orders,
            Expires = DateTime.UtcNow.AddMinutes(2),
            TokenType = "at+jwt",
            Claims = new Dictionary<string, object> { ["sub"] = TestAccounts.Alice, ["type"] = "user", ["permissions"] = new[] { "pricing.resolve" } },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(key, "RS256"),
        });
    }
}
