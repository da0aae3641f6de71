using System.Net;
using System.Net.Http.Json;
using S2SAuth.AspNetCore.Tests.ApiKeys.Framework;
using S2SAuth.AspNetCore.Tests.Certificates.Framework;
using S2SAuth.AspNetCore.Tests.Delegation.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Delegation;

/// <summary>
/// The most recent actor must be the caller whatever credential proves it: an API key (TestServer), a client
/// certificate (real Kestrel with mutual TLS on 127.0.0.1), or a service token over plain Kestrel on 127.0.0.1.
/// </summary>
public sealed class ActorCredentialTests : IClassFixture<MtlsFixture>
{
    private static readonly (string Key, string Hash) OrdersKey = ApiKeyFactory.Create("orders-2026");
    private readonly MtlsFixture _fixture;

    public ActorCredentialTests(MtlsFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task An_api_key_caller_must_be_the_most_recent_actor()
    {
        var settings = new Dictionary<string, string?> { ["ServiceAuth:DefaultServiceCredential"] = "Token, ApiKey" };
        foreach (var (key, value) in new ApiKeyClient("orders", "orders-service", [DelegationApi.ReadActivity]).WithKey("orders-2026", OrdersKey.Hash).Settings())
        {
            settings[key] = value;
        }

        await using var api = await DelegationApi.StartAsync(_fixture.Issuer, settings);

        var own = await api.GetAsync("/actors", userToken: api.UserToken(Act.Chain("orders-service")), apiKey: OrdersKey.Key);
        var other = await api.GetAsync("/actors", userToken: api.UserToken(Act.Chain("billing-worker")), apiKey: OrdersKey.Key);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var caller = await own.Content.ReadFromJsonAsync<DelegatedCaller>();
        Assert.Equal(("orders-service", nameof(ServiceCredentialKind.ApiKey)), (caller!.Service, caller.Credential));
        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorNotCaller);
        var refused = Assert.Single(api.Logs.Entries, e => e.EventId.Id == 1780);
        Assert.Equal(nameof(ServiceCredentialKind.ApiKey), refused.Values["ServiceCredential"]);
        Assert.DoesNotContain(OrdersKey.Key, api.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_caller_over_mutual_TLS_must_be_the_most_recent_actor()
    {
        await using var api = await MtlsApi.StartAsync(_fixture.Issuer, _fixture.Server, [_fixture.Internal],
            new Dictionary<string, string?> { ["ServiceAuth:DefaultRequiredIdentities"] = "ServiceWithOptionalUser" });
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = api.Client(certificate);

        var own = await SendAsync(client, UserToken(Act.Chain("orders-service")));
        var replayed = await SendAsync(client, UserToken(Act.Chain("reporting-service")));

        Assert.True(own.StatusCode == HttpStatusCode.OK, await own.Content.ReadAsStringAsync());
        Assert.Equal(new Caller("orders-service", nameof(ServiceCredentialKind.Certificate), "user_123"), await own.Content.ReadFromJsonAsync<Caller>());
        await ProblemAssert.IsProblemAsync(replayed, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorNotCaller);
    }

    [Fact]
    public async Task A_replayed_exchanged_token_is_refused_401_actor_not_caller_over_real_Kestrel()
    {
        await using var api = await DelegationApi.StartAsync(_fixture.Issuer, kestrel: true);
        Assert.Equal("127.0.0.1", api.Client.BaseAddress!.Host);
        var user = api.UserToken(Act.Chain("orders-service"));

        var replayed = await api.GetAsync("/quote", api.ServiceToken("reporting-service"), user);
        var own = await api.GetAsync("/quote", api.ServiceToken("orders-service"), user);

        await ProblemAssert.IsProblemAsync(replayed, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorNotCaller);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.DoesNotContain(user, api.Logs.AllText(), StringComparison.Ordinal);
    }

    private string UserToken(object act) =>
        _fixture.Issuer.UserToken("user_123", MtlsApi.Audience, "tenant_789", [MtlsApi.Activity]).Claim("act", act).Build();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string userToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/certificate");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + userToken);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
