using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using S2SAuth.Testing;

namespace S2SAuth.Client.Tests.Certificates;

/// <summary>
/// A real Kestrel server on 127.0.0.1 over TLS (server certificate from the test CA) that requires a client certificate
/// (any: it only reports it) and closes every connection after its answer, so each request opens a new connection.
/// Every request is recorded with the RFC 8705 thumbprint of the certificate its connection presented.
/// </summary>
public sealed class TlsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TlsServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<TlsRequest> Requests { get; } = new();

    public static async Task<TlsServer> StartAsync(X509Certificate2 serverCertificate, Func<HttpContext, TlsServer, Task>? respond = null,
        ClientCertificateMode mode = ClientCertificateMode.RequireCertificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration().UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = serverCertificate;
            https.ClientCertificateMode = mode;
            https.ClientCertificateValidation = static (_, _, _) => true;
        })));
        var app = builder.Build();
        TlsServer? self = null;
        app.Run(async http =>
        {
            var certificate = await http.Connection.GetClientCertificateAsync(http.RequestAborted);
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var request = new TlsRequest(http.Request.Path, certificate is null ? null : TestCertificateAuthority.Thumbprint(certificate),
                http.Request.Headers.Authorization.ToString(), body, http.Request.Headers["X-Service-Token"].ToString());
            self!.Requests.Enqueue(request);
            http.Response.Headers.Connection = "close";
            if (respond is not null)
            {
                await respond(http, self);
            }
            else
            {
                await http.Response.WriteAsync(request.Thumbprint ?? "none", http.RequestAborted);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new TlsServer(app, new Uri(address.TrimEnd('/') + "/"));
        return self;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One request: its path, the thumbprint of the connection's client certificate, its Authorization header and form body.</summary>
public sealed record TlsRequest(string Path, string? Thumbprint, string Authorization, string Body, string ServiceToken);
