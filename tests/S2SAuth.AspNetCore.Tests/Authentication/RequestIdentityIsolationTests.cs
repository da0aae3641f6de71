using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Authentication;

/// <summary>
/// Each request gets its own <see cref="ClaimsIdentity"/> and <see cref="Claim"/> objects over the cached, immutable
/// verified identities: nothing one request does to them is visible to a later request carrying the same tokens.
/// </summary>
public sealed class RequestIdentityIsolationTests : IClassFixture<IssuerFixture>
{
    private readonly IssuerFixture _fixture;

    public RequestIdentityIsolationTests(IssuerFixture fixture) => _fixture = fixture;

    private Task<TestApi> StartAsync() => TestApi.StartAsync(_fixture.Issuer, endpoints: app =>
    {
        app.MapPost("/mutate", static (HttpContext http) =>
        {
            foreach (var identity in http.User.Identities)
            {
                identity.Actor = new ClaimsIdentity([new Claim("sub", "impostor")], "forged");
                identity.Label = "changed-by-request-a";
                identity.BootstrapContext = "request-a";
                foreach (var claim in identity.Claims)
                {
                    claim.Properties["changed"] = "by-request-a";
                }

                try
                {
                    identity.AddClaim(new Claim(ServiceAuthDefaults.PermissionClaim, "admin.all"));
                    identity.AddClaim(new Claim(ServiceAuthDefaults.RoleClaim, "platform-admin"));
                }
                catch (InvalidOperationException)
                {
                    return "claims refused";
                }
            }

            return "mutated";
        });
        app.MapGet("/observe", static (HttpContext http) => http.User.Identities.Select(identity => new
        {
            type = identity.AuthenticationType,
            actor = identity.Actor?.AuthenticationType,
            label = identity.Label,
            bootstrap = identity.BootstrapContext?.ToString(),
            claims = identity.Claims.Select(c => c.Type + "=" + c.Value).ToArray(),
            properties = identity.Claims.Sum(c => c.Properties.Count),
            admin = http.User.IsInRole("platform-admin") || http.User.HasClaim(ServiceAuthDefaults.PermissionClaim, "admin.all"),
        }).ToArray());
    });

    [Fact]
    public async Task Request_b_with_the_same_tokens_sees_nothing_request_a_changed_on_its_identities()
    {
        await using var api = await StartAsync();
        var service = api.ServiceToken().Build();
        var user = api.UserToken().Build();
        using var before = JsonDocument.Parse(await (await api.GetAsync("/observe", service, user)).Content.ReadAsStringAsync());

        var mutate = await api.Client.SendAsync(Post("/mutate", service, user));
        var observed = await api.GetAsync("/observe", service, user);

        Assert.Equal(HttpStatusCode.OK, observed.StatusCode);
        var identities = await observed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, identities.GetArrayLength());
        foreach (var identity in identities.EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Null, identity.GetProperty("actor").ValueKind);
            Assert.Equal(JsonValueKind.Null, identity.GetProperty("label").ValueKind);
            Assert.Equal(JsonValueKind.Null, identity.GetProperty("bootstrap").ValueKind);
            Assert.Equal(0, identity.GetProperty("properties").GetInt32());
            Assert.False(identity.GetProperty("admin").GetBoolean());
        }

        Assert.Equal(before.RootElement.GetRawText(), identities.GetRawText());
        Assert.Equal(["S2SAuth.User", "S2SAuth.Service"], identities.EnumerateArray().Select(i => i.GetProperty("type").GetString()));
        Assert.Equal(HttpStatusCode.OK, mutate.StatusCode);
    }

    [Fact]
    public async Task Request_identities_keep_the_verified_claims_name_and_roles()
    {
        await using var api = await StartAsync();

        var observed = await api.GetAsync("/observe", api.ServiceToken().Build(), api.UserToken().Build());

        var identities = (await observed.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
        Assert.Equal(["sub=user_123", "tenant_id=tenant_789", "permission=order.confirm"], identities[0].GetProperty("claims").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["sub=orders-service", "scope=order.confirm"], identities[1].GetProperty("claims").EnumerateArray().Select(c => c.GetString()));
    }

    private static HttpRequestMessage Post(string path, string service, string user)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.TryAddWithoutValidation("X-Service-Token", service);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + user);
        return request;
    }
}
