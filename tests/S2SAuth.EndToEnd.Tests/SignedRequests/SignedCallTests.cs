using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NSec.Cryptography;
using S2SAuth.Testing;

namespace S2SAuth.EndToEnd.Tests.SignedRequests;

/// <summary>
/// Both halves of signed requests (RFC 9421 + RFC 9530) over real sockets: a client whose <c>HttpClient</c> has only
/// <c>AddRequestSigning()</c> (no issuer) calls an API on Kestrel that accepts signed requests, for each algorithm; the
/// caller becomes a <see cref="ServiceIdentity"/> whose scopes <c>RequireActivity</c> judges, and nothing secret is logged.
/// </summary>
public sealed class SignedCallTests : IAsyncLifetime
{
    private const string KeyId = "partner-2026";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "s2sauth-e2e-signing-" + Guid.NewGuid().ToString("N"));
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _issuer = await TestIssuer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _issuer.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ecdsa-p256-sha256")]
    [InlineData("hmac-sha256")]
    public async Task A_signed_call_proves_the_peer_and_its_scopes_decide(string algorithm)
    {
        var (clientSettings, serverSettings, secret) = Keys(algorithm);
        var logs = new LogCapture();
        await using var api = await StartApiAsync(serverSettings, logs);
        using var services = Client(clientSettings, api.Address, logs);
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("pricing");

        var allowed = await client.PostAsJsonAsync("/partner/quotes?currency=EUR", new { sku = "sku-1", quantity = 3 });
        var second = await client.PostAsJsonAsync("/partner/quotes?currency=EUR", new { sku = "sku-1", quantity = 3 });
        var refused = await client.DeleteAsync("/partner/quotes/q-1");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("partner-service SignedRequest sku-1", await allowed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode); // a fresh nonce per call: not a replay
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing);
        var text = logs.AllText();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("sig1=:", text, StringComparison.Ordinal); // the Signature value (HttpClient logs headers redacted)
    }

    [Fact]
    public async Task A_token_only_endpoint_refuses_the_signed_call()
    {
        var (clientSettings, serverSettings, _) = Keys("ed25519");
        await using var api = await StartApiAsync(serverSettings, new LogCapture());
        using var services = Client(clientSettings, api.Address, new LogCapture());
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("pricing");

        var response = await client.GetAsync("/internal/prices");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.CredentialNotAccepted);
    }

    /// <summary>A fresh key: the client's settings (key file or secret), the API's (public key or secret), and the secret text that must never be logged.</summary>
    private (Dictionary<string, string?> Client, Dictionary<string, string?> Server, string Secret) Keys(string algorithm)
    {
        var client = new Dictionary<string, string?>
        {
            ["ServiceAuth:RequestSigning:KeyId"] = KeyId,
            ["ServiceAuth:RequestSigning:Algorithm"] = algorithm,
        };
        var server = new Dictionary<string, string?>
        {
            [$"ServiceAuth:SignedRequests:Keys:{KeyId}:Algorithm"] = algorithm,
            [$"ServiceAuth:SignedRequests:Keys:{KeyId}:ServiceId"] = "partner-service",
            [$"ServiceAuth:SignedRequests:Keys:{KeyId}:Scopes:0"] = "quote.create",
        };
        string secret;
        switch (algorithm)
        {
            case "ed25519":
                using (var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }))
                {
                    secret = System.Text.Encoding.ASCII.GetString(key.Export(KeyBlobFormat.PkixPrivateKeyText));
                    server[$"ServiceAuth:SignedRequests:Keys:{KeyId}:PublicKey"] = Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
                }

                break;
            case "ecdsa-p256-sha256":
                using (var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    secret = ecdsa.ExportPkcs8PrivateKeyPem();
                    server[$"ServiceAuth:SignedRequests:Keys:{KeyId}:PublicKey"] = ecdsa.ExportSubjectPublicKeyInfoPem();
                }

                break;
            default:
                secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                client["ServiceAuth:RequestSigning:Secret"] = secret;
                server[$"ServiceAuth:SignedRequests:Keys:{KeyId}:Secret"] = secret;
                return (client, server, secret);
        }

        var path = Path.Combine(_directory, algorithm + ".key");
        File.WriteAllText(path, secret);
        client["ServiceAuth:RequestSigning:PrivateKeyPath"] = path;
        // The PEM body is what must never be logged; its armour lines are not secret.
        return (client, server, secret.Split('\n')[1].Trim());
    }

    private static ServiceProvider Client(Dictionary<string, string?> settings, Uri address, LogCapture logs)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddHttpClient("pricing", c => c.BaseAddress = address).AddRequestSigning();
        return services.BuildServiceProvider();
    }

    private async Task<Api> StartApiAsync(Dictionary<string, string?> settings, LogCapture logs)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = _issuer.Authority,
            ["ServiceAuth:Audience"] = "pricing-service",
            ["ServiceAuth:RequireHttpsMetadata"] = "false",
            ["ServiceAuth:DefaultRequiredIdentities"] = "ServiceOnly",
        }.Concat(settings));
        builder.Services.AddServiceAuth(builder.Configuration);
        var app = builder.Build();
        app.UseServiceAuth();
        var partner = app.MapGroup("/partner").RequireServiceCredential(ServiceCredentialPolicy.SignedRequest);
        partner.MapPost("/quotes", async (HttpContext http, ServiceIdentity caller) =>
        {
            var quote = await http.Request.ReadFromJsonAsync<Quote>();
            return $"{caller.ServiceId} {caller.Credential} {quote!.Sku}";
        }).RequireActivity("quote.create");
        partner.MapDelete("/quotes/{id}", (string id) => id).RequireActivity("quote.delete");
        app.MapGet("/internal/prices", () => "prices").RequireActivity("price.read");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Api(app, new Uri(address));
    }

    private sealed record Quote(string Sku, int Quantity);

    private sealed record Api(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
