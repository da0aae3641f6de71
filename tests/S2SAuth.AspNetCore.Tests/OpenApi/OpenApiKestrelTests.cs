using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.OpenApi;

/// <summary>
/// Over real Kestrel sockets on 127.0.0.1: the document is served to an anonymous caller, and what it says about an
/// operation (ServiceToken required, 401 listing service_token_missing) is what the same server answers.
/// </summary>
public sealed class OpenApiKestrelTests(IssuerFixture fixture) : IClassFixture<IssuerFixture>
{
    [Fact]
    public async Task The_document_is_public_and_matches_what_the_server_enforces()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddServiceAuth(o =>
        {
            o.Authority = fixture.Issuer.Authority;
            o.Audience = TestApi.Audience;
            o.RequireHttpsMetadata = false;
        });
        builder.Services.AddOpenApi(o => o.AddServiceAuth());
        await using var app = builder.Build();
        app.UseServiceAuth();
        app.MapPost("/jobs/reindex", () => "ok").RequireActivity("search.reindex", RequiredIdentities.ServiceOnly);
        app.MapOpenApi().AllowAnonymous();
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };

            var documentResponse = await client.GetAsync("/openapi/v1.json");
            Assert.Equal(HttpStatusCode.OK, documentResponse.StatusCode);
            var operation = JsonNode.Parse(await documentResponse.Content.ReadAsStringAsync())!["paths"]!["/jobs/reindex"]!["post"]!;
            var requirement = Assert.Single(operation["security"]!.AsArray())!.AsObject();
            Assert.Equal(["ServiceToken"], requirement.Select(kv => kv.Key));
            Assert.Contains(AuthErrorCodes.ServiceTokenMissing, (string)operation["responses"]!["401"]!["description"]!);

            var call = await client.PostAsync("/jobs/reindex", null);
            await ProblemAssert.IsProblemAsync(call, HttpStatusCode.Unauthorized, AuthErrorCodes.ServiceTokenMissing);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
