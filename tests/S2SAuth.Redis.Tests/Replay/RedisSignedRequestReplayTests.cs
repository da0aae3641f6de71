using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Testing;

namespace S2SAuth.Redis.Tests.Replay;

/// <summary>
/// Signed requests (RFC 9421) on two instances sharing a real redis-server: a request signed by the real outgoing
/// handler is accepted at A, and the same bytes replayed at B are refused with <c>request_signature_replayed</c>.
/// </summary>
public sealed class RedisSignedRequestReplayTests : IAsyncLifetime
{
    private const string KeyId = "partner-2026";
    private readonly string _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private TestIssuer _issuer = null!;
    private RedisServer _redis = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _redis = await RedisServer.StartNewAsync();
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_request_accepted_at_A_and_replayed_at_B_is_refused()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        var recorder = new Recorder { InnerHandler = a.GetTestServer().CreateHandler() };
        var services = new ServiceCollection();
        services.AddHttpClient("partner", c => c.BaseAddress = new Uri("http://localhost/"))
            .AddRequestSigning(o => (o.KeyId, o.Algorithm, o.Secret) = (KeyId, "hmac-sha256", _secret))
            .ConfigurePrimaryHttpMessageHandler(() => recorder)
            .PrimaryHandlerFollowsNoRedirects();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("partner");

        using var atA = await client.PostAsync("/partner/quotes", new StringContent("{\"sku\":\"sku-1\"}", System.Text.Encoding.UTF8, "application/json"));
        using var replay = recorder.Copy();
        using var atB = await b.GetTestClient().SendAsync(replay);

        Assert.Equal(HttpStatusCode.OK, atA.StatusCode);
        Assert.Equal("partner-service SignedRequest", await atA.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, atB.StatusCode);
        var problem = JsonDocument.Parse(await atB.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(AuthErrorCodes.RequestSignatureReplayed, problem.GetProperty("code").GetString());
    }

    private async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = _issuer.Authority,
            ["ServiceAuth:Audience"] = "pricing-service",
            ["ServiceAuth:RequireHttpsMetadata"] = "false",
            [$"ServiceAuth:SignedRequests:Keys:{KeyId}:Algorithm"] = "hmac-sha256",
            [$"ServiceAuth:SignedRequests:Keys:{KeyId}:Secret"] = _secret,
            [$"ServiceAuth:SignedRequests:Keys:{KeyId}:ServiceId"] = "partner-service",
        });
        builder.Services.AddServiceAuth(builder.Configuration).AddRedisReplayProtection(o => o.Configuration = _redis.ConnectionString);
        var app = builder.Build();
        app.UseServiceAuth();
        app.MapPost("/partner/quotes", (ServiceIdentity caller) => $"{caller.ServiceId} {caller.Credential}")
            .RequireIdentities(RequiredIdentities.ServiceOnly).RequireServiceCredential(ServiceCredentialPolicy.SignedRequest);
        await app.StartAsync();
        return app;
    }

    /// <summary>Keeps the last request exactly as it left the client (headers and body), to send it again elsewhere.</summary>
    private sealed class Recorder : DelegatingHandler
    {
        private HttpRequestMessage? _last;
        private byte[] _body = [];

        public HttpRequestMessage Copy()
        {
            var copy = new HttpRequestMessage(_last!.Method, _last.RequestUri) { Content = new ByteArrayContent(_body) };
            foreach (var (name, values) in _last.Headers)
            {
                copy.Headers.TryAddWithoutValidation(name, values);
            }

            foreach (var (name, values) in _last.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(name, values);
            }

            return copy;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            _last = request;
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
