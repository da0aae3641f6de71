using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Caching;
using S2SAuth.Keys;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Caching.Framework;

/// <summary>
/// An issuer and an API sharing one <see cref="FakeTimeProvider"/>, with <c>GET /seen</c> recording what each request got
/// (its context and principal), so tests can tell a cache hit (the same verified identity instance) from a verification.
/// </summary>
public sealed class CacheApi : IAsyncDisposable
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(2);

    private CacheApi(FakeTimeProvider time, TestIssuer issuer, TestApi api, ConcurrentQueue<Seen> seen)
    {
        Time = time;
        Issuer = issuer;
        Api = api;
        SeenRequests = seen;
    }

    public FakeTimeProvider Time { get; }

    public TestIssuer Issuer { get; }

    public TestApi Api { get; }

    public ConcurrentQueue<Seen> SeenRequests { get; }

    public Seen Last => SeenRequests.Last();

    internal VerifiedTokenCache Cache => Api.App.Services.GetRequiredService<VerifiedTokenCache>();

    internal SigningKeyCache Keys => Api.App.Services.GetRequiredService<SigningKeyCache>();

    public static async Task<CacheApi> StartAsync(Action<ServiceAuthOptions>? configure = null, Action<IServiceCollection>? services = null, TimeSpan? tokenLifetime = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var issuer = await TestIssuer.StartAsync(new TestIssuerOptions { TimeProvider = time, TokenLifetime = tokenLifetime ?? TimeSpan.FromMinutes(5) });
        var seen = new ConcurrentQueue<Seen>();
        var api = await TestApi.StartAsync(issuer, o =>
        {
            o.KeyRefreshMinInterval = MinInterval;
            o.KeyRefreshInterval = RefreshInterval;
            configure?.Invoke(o);
        }, s =>
        {
            s.AddSingleton<TimeProvider>(time);
            services?.Invoke(s);
        }, app => app.MapGet("/seen", (ServiceAuthContext auth, HttpContext http) =>
        {
            var enrichment = Record.Exception(() => ((ClaimsIdentity)http.User.Identity!).AddClaim(new Claim("extra", "value")));
            seen.Enqueue(new Seen(auth, http.User, enrichment));
            return "ok";
        }));
        return new CacheApi(time, issuer, api, seen);
    }

    public string ServiceToken() => Api.ServiceToken().Build();

    public string UserToken() => Api.UserToken().Build();

    public Task<HttpResponseMessage> GetAsync(string? serviceToken, string? userToken) => Api.GetAsync("/seen", serviceToken, userToken);

    /// <summary>Whether the cache holds an entry for exactly this token.</summary>
    public bool Holds(string token) => Cache.Entries.Any(e => e.Token == token);

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Issuer.DisposeAsync();
    }

    /// <summary>What one request got, and what trying to add a claim to its primary identity threw.</summary>
    public sealed record Seen(ServiceAuthContext Context, ClaimsPrincipal Principal, Exception? Enrichment);
}
