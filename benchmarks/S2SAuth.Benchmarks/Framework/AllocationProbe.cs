using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Caching;
using S2SAuth.Keys;
using S2SAuth.Verification;

namespace S2SAuth.Benchmarks.Framework;

/// <summary>
/// Bytes allocated per operation by each step of the request path, measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> over many runs: the allocation profile behind the benchmark
/// numbers, step by step. <c>dotnet run -c Release --project benchmarks/S2SAuth.Benchmarks -- alloc</c>
/// </summary>
public static class AllocationProbe
{
    private const int Runs = 2_000;

    public static async Task RunAsync()
    {
        await using var host = await S2SAuthHost.StartAsync("RS256");
        var steps = new RequestSteps(host);
        var verifier = host.Services.GetRequiredService<CachedTokenVerifier>();
        var cache = host.Services.GetRequiredService<VerifiedTokenCache>();
        var keys = (await host.Services.GetRequiredService<SigningKeyCache>().GetAsync(CancellationToken.None))!;
        var parameters = host.Services.GetRequiredService<TokenVerifier>().ParametersFor(keys);
        var handler = new JsonWebTokenHandler();
        var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(host.Issuer.Authority + "/.well-known/openid-configuration",
            new HttpDocumentRetriever { RequireHttps = false }, CancellationToken.None);
        var bare = new TokenValidationParameters { ValidIssuer = configuration.Issuer, ValidAudience = BenchTokens.Audience, IssuerSigningKeys = configuration.SigningKeys };
        var service = host.ServiceToken;
        var bearer = ("Bearer " + host.UserToken).AsMemory(7);
        await steps.AuthenticateAsync(host.Http);
        var parsed = new JsonWebToken(service);

        Console.WriteLine(parsed.TryGetPayloadValue<object>("scopes", out var scopesValue) ? "scopes is " + scopesValue?.GetType() : "no scopes");
        Console.WriteLine("| step (one token unless said) | bytes/op |");
        Console.WriteLine("|---|---:|");
        await Row("new JsonWebToken(service token)", () => { _ = new JsonWebToken(service); return Task.CompletedTask; });
        await Row("bare ValidateTokenAsync(string) (parse + validate)", () => handler.ValidateTokenAsync(service, bare));
        await Row("ValidateTokenAsync(JsonWebToken) with S2SAuth's parameters", () => handler.ValidateTokenAsync(parsed, parameters));
        await Row("parse + ValidateTokenAsync(JsonWebToken) with S2SAuth's parameters", () => handler.ValidateTokenAsync(new JsonWebToken(service), parameters));
        await Row("ValidateTokenAsync(string) with S2SAuth's parameters", () => handler.ValidateTokenAsync(service, parameters));
        var rules = new S2SAuth.Profiles.TokenRules(new ServiceAuthOptions()).Service;
        await Row("VerifiedToken.Create (service identity, tenant, claims)", () =>
        {
            _ = VerifiedToken.Create(parsed, TokenKind.Service, service, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(1), rules, parsed.Subject);
            return Task.CompletedTask;
        });
        var entry = VerifiedToken.Create(parsed, TokenKind.Service, service, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(1), rules, parsed.Subject);
        await Row("cache: remove + add one entry", () =>
        {
            cache.Remove(service);
            cache.TryAdd(entry, keys.Version, DateTime.UtcNow.Ticks);
            return Task.CompletedTask;
        });
        await Row("S2SAuth verify, first sight (service token)", async () =>
        {
            cache.Remove(service);
            await verifier.VerifyAsync(service.AsMemory(), TokenKind.Service, CancellationToken.None);
        });
        await Row("S2SAuth verify, cache hit (service token)", async () => await verifier.VerifyAsync(service.AsMemory(), TokenKind.Service, CancellationToken.None));
        await Row("S2SAuth verify, cache hit (Bearer slice)", async () => await verifier.VerifyAsync(bearer, TokenKind.User, CancellationToken.None));
        await Row("correlation ids + context (GetOrCreate)", () =>
        {
            host.Http.Features.Set<ServiceAuthContext>(null);
            ServiceAuthContext.GetOrCreate(host.Http);
            return Task.CompletedTask;
        });
        await Row("request: ids, both tokens (hit), context, principal", async () => await steps.AuthenticateAsync(host.Http));
        await Row("RequireActivity decision (incl. AuthorizationHandlerContext)", async () => await steps.DecideAsync(host.Http));
        await Row("AuthorizationHandlerContext alone (ASP.NET Core's)", () =>
        {
            _ = new Microsoft.AspNetCore.Authorization.AuthorizationHandlerContext(steps.Requirements, host.Http.User, host.Http);
            return Task.CompletedTask;
        });

        await using var pipelines = await Pipeline.Pipelines.StartAsync();
        await Row("pipeline request: no auth", () => pipelines.SendAsync(pipelines.NoAuth));
        await Row("pipeline request: S2SAuth + RequireActivity", () => pipelines.SendAsync(pipelines.S2SAuth));

        var client = new Client.ClientHandlerBenchmarks();
        await client.SetupAsync();
        await Row("client: GET without S2SAuth (in-memory transport)", client.WithoutHandlerAsync);
        await Row("client: GET with S2SAuth, cached token", client.WithHandlerAsync);

        using var sampler = new AllocationSampler();
        await Sample(sampler, "S2SAuth verify, first sight (service token)", async () =>
        {
            cache.Remove(service);
            await verifier.VerifyAsync(service.AsMemory(), TokenKind.Service, CancellationToken.None);
        });
        await Sample(sampler, "request on a cache hit, with the RequireActivity decision", async () =>
        {
            await steps.AuthenticateAsync(host.Http);
            await steps.DecideAsync(host.Http);
        });
        await Sample(sampler, "pipeline request: S2SAuth + RequireActivity", () => pipelines.SendAsync(pipelines.S2SAuth));
        await Sample(sampler, "client: GET with S2SAuth, cached token", client.WithHandlerAsync);
        await client.CleanupAsync();
    }

    private static async Task Sample(AllocationSampler sampler, string name, Func<Task> step)
    {
        sampler.Start();
        for (var i = 0; i < 50 * Runs; i++)
        {
            await step();
        }

        var types = sampler.Stop();
        var total = types.Sum(t => t.Bytes);
        Console.WriteLine();
        Console.WriteLine($"Allocation samples of '{name}' ({50 * Runs} runs; share of sampled bytes by type):");
        Console.WriteLine("| type | share |");
        Console.WriteLine("|---|---:|");
        foreach (var (type, bytes) in types.Take(40))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {type} | {100.0 * bytes / total:F1}% |"));
        }
    }

    private static async Task Row(string name, Func<Task> step)
    {
        for (var i = 0; i < 200; i++)
        {
            await step();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Runs; i++)
        {
            await step();
        }

        var perOp = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Runs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {perOp:F0} |"));
    }
}
