using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Demo.Infrastructure;

/// <summary>
/// Another service calling one of ours, registered as any worker without ASP.NET Core would:
/// <c>AddServiceTokenClient</c> with its own credentials and an <c>HttpClient</c> with <c>AddServiceTokenHandler</c>.
/// </summary>
public sealed class ServiceCaller : IAsyncDisposable
{
    private const string ClientName = "downstream";
    private readonly ServiceProvider _services;

    private ServiceCaller(ServiceProvider services) => _services = services;

    public IServiceProvider Services => _services;

    public static ServiceCaller Create(string authority, DemoAccount account, Uri baseAddress, IEnumerable<string> scopes, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddServiceTokenClient(configure: o =>
        {
            o.Authority = authority;
            o.RequireHttpsMetadata = false; // the demo issuer is plain HTTP on loopback
            o.ClientId = account.Id;
            o.ClientSecret = account.Secret;
        });
        services.AddHttpClient(ClientName, c => c.BaseAddress = baseAddress)
            .AddServiceTokenHandler(o =>
            {
                foreach (var scope in scopes)
                {
                    o.Scopes.Add(scope);
                }
            });
        configure?.Invoke(services);
        return new ServiceCaller(services.BuildServiceProvider());
    }

    /// <summary>
    /// POSTs JSON as this service. Throws S2SAuth's client exceptions when the call may not or cannot go out.
    /// <paramref name="bearer"/> sets an <c>Authorization</c> header by hand (the client never forwards a user token itself).
    /// </summary>
    public async Task<CallResult> PostAsync(string path, object body, string correlationId, CancellationToken cancellationToken, string? bearer = null)
    {
        var http = _services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Correlation-Id", correlationId);
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return await CallResult.ReadAsync(response, cancellationToken);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
