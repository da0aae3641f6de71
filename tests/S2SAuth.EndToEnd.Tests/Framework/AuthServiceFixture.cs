using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AuthService.Hosting;
using Microsoft.Extensions.Logging;

using S2SAuth.Testing;

namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>
/// One AuthService, started in-process on 127.0.0.1 with a free port and a temporary SQLite file, seeded with
/// <see cref="TestAccounts"/>, every log line captured at Trace. Development environment (the default of
/// <see cref="AuthServiceStartOptions"/>): plain HTTP on loopback and the dev user tokens are allowed only there.
/// </summary>
public sealed class AuthServiceFixture : IAsyncLifetime
{
    public LogCapture Logs { get; } = new();

    /// <summary>Settings above <see cref="TestAccounts.Settings"/> (e.g. the revocation store), for a test that starts its own issuer.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ExtraSettings { get; init; } = [];

    public AuthServiceInstance Issuer { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The issuer URL as a service configures it (<c>ServiceAuth:Authority</c>).</summary>
    public string Authority => Issuer.BaseAddress.AbsoluteUri.TrimEnd('/');

    public async Task InitializeAsync()
    {
        Issuer = await AuthServiceHost.StartAsync(new AuthServiceStartOptions
        {
            Settings = [.. TestAccounts.Settings(), .. ExtraSettings],
            Configure = builder => builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(Logs),
        });
        Http = new HttpClient { BaseAddress = Issuer.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Issuer.DisposeAsync();
    }

    public async Task<TokenResult> RequestTokenAsync(string clientId, string secret, string? scope, ClientAuthentication authentication = ClientAuthentication.Basic, params (string Name, string Value)[] extra)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (scope is not null)
        {
            form.Add(new("scope", scope));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token");
        if (authentication == ClientAuthentication.Basic)
        {
            var credentials = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form.Add(new("client_id", clientId));
            form.Add(new("client_secret", secret));
        }

        form.AddRange(extra.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        request.Content = new FormUrlEncodedContent(form);
        return await SendAsync(request);
    }

    public async Task<string> ServiceTokenAsync(string clientId, string secret, string scope) =>
        (await RequestTokenAsync(clientId, secret, scope)).Token();

    public async Task<TokenResult> DevUserTokenAsync(string userId, string[]? audiences = null, bool expired = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "dev/user-tokens")
        {
            Content = JsonContent.Create(new { userId, audiences, expired }),
        };
        return await SendAsync(request);
    }

    /// <summary>Posts a form to one of the issuer's endpoints with HTTP Basic client authentication.</summary>
    public async Task<TokenResult> PostFormAsync(string path, string clientId, string secret, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));
        return await SendAsync(request);
    }

    private async Task<TokenResult> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new TokenResult(response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }
}
