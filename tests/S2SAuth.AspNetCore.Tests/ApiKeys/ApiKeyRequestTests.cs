using System.Net;
using System.Net.Http.Json;
using S2SAuth.AspNetCore.Tests.ApiKeys.Framework;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.ApiKeys;

/// <summary>
/// API keys on the request path (TestServer): a valid key proves the configured service, scopes and tenant, and
/// <c>RequireActivity</c>, tenant rules and audit work as for a token; every refusal has its exact status and code, an
/// unknown key id and a wrong secret are indistinguishable, and no key ever reaches a log line.
/// </summary>
public sealed class ApiKeyRequestTests : IAsyncLifetime
{
    private static readonly (string Key, string Hash) Partner = ApiKeyFactory.Create("acme-2026a");
    private static readonly (string Key, string Hash) Tenanted = ApiKeyFactory.Create("globex-1");
    private static readonly (string Key, string Hash) Later = ApiKeyFactory.Create("acme-2026b");
    private TestIssuer _issuer = null!;
    private ApiKeyApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        _api = await ApiKeyApi.StartAsync(_issuer,
        [
            new ApiKeyClient("acme", "acme-partner", ["price.read", "catalog.read"])
                .WithKey("acme-2026a", Partner.Hash, expiresAt: now.AddDays(30))
                .WithKey("acme-2026b", Later.Hash, notBefore: now.AddDays(1)),
            new ApiKeyClient("globex", "globex-partner", ["price.read"], Tenant: "tenant_globex").WithKey("globex-1", Tenanted.Hash),
        ]);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task A_valid_key_proves_the_configured_service_scopes_and_key_id_and_is_audited_as_an_api_key()
    {
        var response = await _api.GetAsync("/partner", Partner.Key, correlationId: "corr-apikey-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<CallerView>();
        Assert.Equal("acme-partner", caller!.Service);
        Assert.Equal(nameof(ServiceCredentialKind.ApiKey), caller.Credential);
        Assert.Equal(["catalog.read", "price.read"], caller.Scopes!);
        Assert.Equal("acme-2026a", caller.TokenId);
        Assert.Null(caller.Tenant);

        var audit = _api.Audit.Single("corr-apikey-1");
        Assert.Equal(AuditOutcome.Allowed, audit.Outcome);
        Assert.Equal(ServiceCredentialKind.ApiKey, audit.ServiceCredential);
        Assert.Equal("acme-partner", audit.ServiceId);
        Assert.DoesNotContain(Partner.Key, _api.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_the_activitys_scope_is_refused_403_scope_missing_and_audited()
    {
        var response = await _api.GetAsync("/partner/write", Partner.Key, correlationId: "corr-apikey-2");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing);
        var audit = _api.Audit.Single("corr-apikey-2");
        Assert.Equal(AuditOutcome.Denied, audit.Outcome);
        Assert.Equal(ServiceCredentialKind.ApiKey, audit.ServiceCredential);
    }

    [Fact]
    public async Task An_endpoint_that_accepts_tokens_or_keys_takes_either()
    {
        var byKey = await (await _api.GetAsync("/either", Partner.Key)).Content.ReadFromJsonAsync<CallerView>();
        Assert.Equal(("acme-partner", "ApiKey"), (byKey!.Service, byKey.Credential));

        var token = _issuer.ServiceToken("orders-service", TestApi.Audience, ["price.read"]).Build();
        var byToken = await (await _api.GetAsync("/either", serviceToken: token)).Content.ReadFromJsonAsync<CallerView>();
        Assert.Equal(("orders-service", "Token"), (byToken!.Service, byToken.Credential));
    }

    [Fact]
    public async Task A_key_on_a_token_only_endpoint_is_refused_401_credential_not_accepted()
    {
        var problem = await ProblemAssert.IsProblemAsync(await _api.GetAsync("/token-only", Partner.Key), HttpStatusCode.Unauthorized, AuthErrorCodes.CredentialNotAccepted);
        Assert.Contains("an API key (X-Api-Key)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_with_a_service_token_of_another_service_is_refused_401_credential_conflict()
    {
        var token = _issuer.ServiceToken("orders-service", TestApi.Audience, ["price.read"]).Build();
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/partner", Partner.Key, serviceToken: token), HttpStatusCode.Unauthorized, AuthErrorCodes.CredentialConflict);
    }

    [Fact]
    public async Task An_unknown_key_id_and_a_wrong_secret_get_the_same_answer()
    {
        var wrongSecret = ApiKeyFactory.Create("acme-2026a").Key;
        var unknownId = ApiKeyFactory.Create("nobody-1").Key;

        var a = await ProblemAssert.IsProblemAsync(await _api.GetAsync("/partner", wrongSecret), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyInvalid);
        var b = await ProblemAssert.IsProblemAsync(await _api.GetAsync("/partner", unknownId), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyInvalid);

        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
        Assert.Equal(a.GetProperty("claim").GetString(), b.GetProperty("claim").GetString());
        AssertNoKeyLogged(wrongSecret, unknownId);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("Bearer s2s_acme-2026a_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("s2s_acme-2026a_short")]
    [InlineData("s2s_AC_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("s2s_acme-2026a_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+A")]
    [InlineData("s2s_acme-2026a")]
    public async Task A_value_that_is_not_a_key_is_refused_401_api_key_malformed(string value)
    {
        var problem = await ProblemAssert.IsProblemAsync(await _api.GetAsync("/partner", value), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyMalformed);
        Assert.Equal("X-Api-Key", problem.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task A_duplicated_or_oversized_header_is_refused_401_api_key_malformed()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/partner");
        request.Headers.TryAddWithoutValidation("X-Api-Key", [Partner.Key, Partner.Key]);
        await ProblemAssert.IsProblemAsync(await _api.Client.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyMalformed);

        var oversized = Partner.Key + new string('A', 200);
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/partner", oversized), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyMalformed);
        AssertNoKeyLogged(Partner.Key);
    }

    [Fact]
    public async Task An_expired_key_is_refused_401_api_key_expired_and_a_key_not_in_force_yet_401_api_key_not_yet_valid()
    {
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/partner", Later.Key), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyNotYetValid);

        _api.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/partner", Later.Key)).StatusCode);

        _api.Time.Advance(TimeSpan.FromDays(29));
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/partner", Partner.Key), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyExpired);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1761 && e.Values["KeyId"] == "acme-2026a" && e.Values["ErrorCode"] == AuthErrorCodes.ApiKeyExpired);
        AssertNoKeyLogged(Partner.Key, Later.Key);
    }

    [Fact]
    public async Task A_key_bound_to_a_tenant_sets_the_tenant_from_the_credential()
    {
        var caller = await (await _api.GetAsync("/partner", Tenanted.Key)).Content.ReadFromJsonAsync<CallerView>();

        Assert.Equal(("globex-partner", "tenant_globex", nameof(TenantSource.Credential)), (caller!.Service, caller.Tenant, caller.TenantSource));
    }

    [Fact]
    public async Task A_tenant_bound_key_with_a_user_token_of_another_tenant_is_refused_403_tenant_mismatch()
    {
        var sameTenant = _issuer.UserToken("user_1", TestApi.Audience, "tenant_globex", ["price.read"]).Build();
        var otherTenant = _issuer.UserToken("user_2", TestApi.Audience, "tenant_initech", ["price.read"]).Build();

        var allowed = await (await _api.GetAsync("/either", Tenanted.Key, userToken: sameTenant)).Content.ReadFromJsonAsync<CallerView>();
        Assert.Equal(("globex-partner", "user_1", "tenant_globex"), (allowed!.Service, allowed.User, allowed.Tenant));

        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/either", Tenanted.Key, userToken: otherTenant), HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
    }

    private void AssertNoKeyLogged(params string[] keys)
    {
        var text = _api.Logs.AllText();
        foreach (var key in keys)
        {
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(key[^43..], text, StringComparison.Ordinal);
        }
    }
}
