using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Framework;

/// <summary>
/// An issuer and an API that share one <see cref="FakeTimeProvider"/>: token times, key refresh intervals and
/// lifetime checks all move only when the test advances the clock.
/// </summary>
public sealed class FakeClockApi : IAsyncDisposable
{
    private FakeClockApi(FakeTimeProvider time, TestIssuer issuer, TestApi api)
    {
        Time = time;
        Issuer = issuer;
        Api = api;
    }

    public FakeTimeProvider Time { get; }

    public TestIssuer Issuer { get; }

    public TestApi Api { get; }

    public static async Task<FakeClockApi> StartAsync(Action<ServiceAuthOptions>? configure = null, bool issuerAvailable = true)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var issuer = await TestIssuer.StartAsync(new TestIssuerOptions { TimeProvider = time });
        issuer.IsAvailable = issuerAvailable;
        var api = await TestApi.StartAsync(issuer, o =>
        {
            o.KeyRefreshMinInterval = TimeSpan.FromSeconds(30);
            o.KeyRefreshInterval = TimeSpan.FromMinutes(10);
            configure?.Invoke(o);
        }, services => services.AddSingleton<TimeProvider>(time));
        return new FakeClockApi(time, issuer, api);
    }

    /// <summary>GET /whoami with a fresh service token signed by <paramref name="key"/> (default: the issuer's current key) and a user token.</summary>
    public Task<HttpResponseMessage> CallAsync(TestSigningKey? key = null)
    {
        var service = Api.ServiceToken();
        var user = Api.UserToken();
        if (key is not null)
        {
            service.SignWith(key);
            user.SignWith(key);
        }

        return Api.GetAsync("/whoami", service.Build(), user.Build());
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
