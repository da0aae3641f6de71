using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.EndToEnd.Tests.Grpc.Protos;
using S2SAuth.Testing;

namespace S2SAuth.EndToEnd.Tests.Grpc;

/// <summary>
/// A real gRPC server protected by S2SAuth: Kestrel on 127.0.0.1, a free port, HTTP/2 without TLS (h2c), trusting a
/// <see cref="TestIssuer"/>. It serves <see cref="GreeterService"/> (attributes) and <see cref="RelayService"/>
/// (the convention), and the relay's gRPC clients call this same server through S2SAuth's client handler.
/// </summary>
public sealed class GrpcHost : IAsyncDisposable
{
    public const string Audience = "greeter-service";
    public const string RelayClientId = "relay-service";
    public const string RelaySecret = "relay-secret-0123456789";

    private readonly WebApplication _app;
    private int _calls;

    private GrpcHost(WebApplication app, TestIssuer issuer, LogCapture logs, Uri address)
    {
        _app = app;
        Issuer = issuer;
        Logs = logs;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
        Greeter = new Greeter.GreeterClient(Channel);
        Relay = new Relay.RelayClient(Channel);
    }

    public TestIssuer Issuer { get; }

    public LogCapture Logs { get; }

    public Uri Address { get; }

    /// <summary>A plain channel without S2SAuth: the tests set the headers themselves.</summary>
    public GrpcChannel Channel { get; }

    public Greeter.GreeterClient Greeter { get; }

    public Relay.RelayClient Relay { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Calls the server received, allowed or refused.</summary>
    public int CallCount => Volatile.Read(ref _calls);

    /// <summary>The server's token check: revokes chosen service tokens.</summary>
    public RejectingTokenCheck Revocations { get; private init; } = null!;

    public static async Task<GrpcHost> StartAsync(TestIssuer issuer)
    {
        issuer.AddClient(RelayClientId, RelaySecret, GreeterService.SayActivity);
        // The relay's clients call this server and S2SAuth validates their options at start: the port is chosen first.
        var port = FreePort();
        var self = new Uri($"http://127.0.0.1:{port}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2));
        var logs = new LogCapture();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Services.AddGrpc();
        var revocations = new RejectingTokenCheck();
        builder.Services.AddSingleton<ITokenCheck>(revocations);
        builder.Services.AddServiceAuth(o =>
        {
            o.Authority = issuer.Authority;
            o.Audience = Audience;
            o.RequireHttpsMetadata = false;
            o.KeyRefreshMinInterval = TimeSpan.FromSeconds(1);
        });
        builder.Services.AddServiceTokenClient(configure: o =>
        {
            o.Authority = issuer.Authority;
            o.ClientId = RelayClientId;
            o.ClientSecret = RelaySecret;
            o.RequireHttpsMetadata = false;
        });

        builder.Services.AddGrpcClient<Greeter.GreeterClient>(RelayService.UserClient, o => o.Address = self)
            .AddServiceTokenHandler(o =>
            {
                o.Audience = Audience;
                o.Scopes.Add(GreeterService.SayActivity);
                o.UserScoped = true;
                o.AllowedHosts.Add(self.GetLeftPart(UriPartial.Authority));
            });
        builder.Services.AddGrpcClient<Greeter.GreeterClient>(RelayService.ServiceClient, o => o.Address = self)
            .AddServiceTokenHandler(o =>
            {
                o.Audience = Audience;
                o.Scopes.Add(GreeterService.SayActivity);
                o.AllowedHosts.Add(self.GetLeftPart(UriPartial.Authority));
            });

        var app = builder.Build();
        var host = new GrpcHost(app, issuer, logs, self) { Revocations = revocations };
        app.Use((http, next) =>
        {
            Interlocked.Increment(ref host._calls);
            return next(http);
        });
        app.UseServiceAuth();
        app.MapGrpcService<GreeterService>();
        app.MapGrpcService<RelayService>().RequireActivity(RelayService.Activity, RequiredIdentities.ServiceWithOptionalUser);
        await app.StartAsync();
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A service token for this server with <paramref name="scopes"/>.</summary>
    public string ServiceToken(params string[] scopes) => Issuer.ServiceToken("orders-service", Audience, scopes).Build();

    /// <summary>A user token for this server with <paramref name="permissions"/>.</summary>
    public string UserToken(params string[] permissions) => Issuer.UserToken("user_123", Audience, "tenant_789", permissions).Build();

    /// <summary>Call metadata: the S2SAuth headers, each only when given.</summary>
    public static Metadata Headers(string? serviceToken = null, string? userToken = null, string? correlationId = null)
    {
        var metadata = new Metadata();
        if (serviceToken is not null)
        {
            metadata.Add("x-service-token", serviceToken);
        }

        if (userToken is not null)
        {
            metadata.Add("authorization", "Bearer " + userToken);
        }

        if (correlationId is not null)
        {
            metadata.Add("x-correlation-id", correlationId);
        }

        return metadata;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
