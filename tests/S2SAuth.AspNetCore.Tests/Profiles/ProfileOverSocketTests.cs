using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Profiles;

/// <summary>
/// A profile set the way a team sets it — <c>ServiceAuth:Profile</c> and overrides in configuration — on an API served
/// by Kestrel on 127.0.0.1, called over TCP with Keycloak-shaped tokens of the loopback issuer.
/// </summary>
public sealed class ProfileOverSocketTests : IClassFixture<IssuerFixture>
{
    private readonly IssuerFixture _fixture;

    public ProfileOverSocketTests(IssuerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Keycloak_profile_from_configuration_accepts_its_tokens_as_their_kinds_and_refuses_the_service_account_as_the_user()
    {
        var issuer = _fixture.Issuer;
        var keycloak = ProfileTests.Of("Keycloak");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = issuer.Authority,
            ["ServiceAuth:Issuer"] = keycloak.Issuer,
            ["ServiceAuth:Audience"] = TestApi.Audience,
            ["ServiceAuth:RequireHttpsMetadata"] = "false",
            ["ServiceAuth:Profile"] = "Keycloak",
            ["ServiceAuth:UserTokens:TenantFromIssuer"] = "true",
        });
        builder.Services.AddServiceAuth(builder.Configuration);
        await using var app = builder.Build();
        app.UseServiceAuth();
        app.MapGet("/whoami", (ServiceAuthContext auth) => new { service = auth.Service?.ServiceId, user = auth.User?.UserId, tenant = auth.Tenant.TenantId });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };

        var service = ProfileTests.Token(issuer, keycloak, keycloak.Service);
        var accepted = await SendAsync(http, service, ProfileTests.Token(issuer, keycloak, keycloak.User));
        var asUser = await SendAsync(http, service, service);

        var seen = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("billing-service", seen.GetProperty("service").GetString());
        Assert.Equal(keycloak.UserId, seen.GetProperty("user").GetString());
        Assert.Equal("acme", seen.GetProperty("tenant").GetString());
        await ProblemAssert.IsProblemAsync(asUser, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string serviceToken, string userToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.TryAddWithoutValidation("X-Service-Token", serviceToken);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + userToken);
        return http.SendAsync(request);
    }
}
