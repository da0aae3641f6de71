using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Certificates.Framework;

/// <summary>
/// An API on Kestrel over real TLS on 127.0.0.1, asking for client certificates (any: S2SAuth validates them against
/// the trust bundle file, not the handshake), with one endpoint per service-credential policy. Its trust bundle is a
/// PEM file in a temporary folder that tests can rewrite.
/// </summary>
public sealed class MtlsApi : IAsyncDisposable
{
    public const string TrustDomain = "prod.example.org";
    public const string Audience = "urn:pricing-service";
    public const string Activity = "price.read";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _serverCertificate;
    private readonly string _folder;

    private MtlsApi(WebApplication app, X509Certificate2 serverCertificate, string folder, LogCapture logs, AuditCapture audit)
    {
        _app = app;
        _serverCertificate = serverCertificate;
        _folder = folder;
        Logs = logs;
        Audit = audit;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public Uri BaseAddress { get; }

    public LogCapture Logs { get; }

    public AuditCapture Audit { get; }

    public IServiceProvider Services => _app.Services;

    public string TrustBundlePath => Path.Combine(_folder, "trust-bundle.pem");

    /// <summary>
    /// Starts the API trusting <paramref name="trusted"/> (their certificates written as the bundle). Settings are
    /// added to the defaults (trust domain, scopes of orders-service, issuer, audience) and may override them.
    /// </summary>
    public static async Task<MtlsApi> StartAsync(TestIssuer issuer, TestCertificateAuthority serverCa, IEnumerable<TestCertificateAuthority> trusted,
        IDictionary<string, string?>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("s2sauth-mtls-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "trust-bundle.pem"), string.Concat(trusted.Select(ca => ca.CertificatePem)));
        var serverCertificate = serverCa.IssueLocalhostServer();
        var logs = new LogCapture();
        var audit = new AuditCapture();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate, https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        })));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        builder.Configuration.Sources.Clear();
        var configuration = new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = issuer.Authority,
            ["ServiceAuth:Audience"] = Audience,
            ["ServiceAuth:RequireHttpsMetadata"] = "false",
            ["ServiceAuth:DefaultRequiredIdentities"] = "ServiceOnly",
            ["ServiceAuth:Certificates:TrustBundlePath"] = Path.Combine(folder, "trust-bundle.pem"),
            ["ServiceAuth:Certificates:ReloadInterval"] = "00:00:00.200",
            ["ServiceAuth:Spiffe:TrustDomains:0"] = TrustDomain,
            ["ServiceAuth:Spiffe:PathTemplate"] = "/ns/*/sa/{service}",
            ["ServiceAuth:ServiceScopes:orders-service:0"] = Activity,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddServiceAuth(builder.Configuration);
        builder.Services.AddSingleton<IAuditSink>(audit);
        var app = builder.Build();
        app.UseServiceAuth();
        Map(app, "/token", ServiceCredentialPolicy.Token);
        Map(app, "/certificate", ServiceCredentialPolicy.Certificate);
        Map(app, "/either", ServiceCredentialPolicy.TokenOrCertificate);
        Map(app, "/bound", ServiceCredentialPolicy.BoundToken);
        app.MapGet("/user", (ServiceAuthContext auth) => new Caller(auth.Service?.ServiceId, auth.Service?.Credential.ToString(), auth.User?.UserId))
            .RequireIdentities(RequiredIdentities.ServiceWithOptionalUser);
        await app.StartAsync();
        return new MtlsApi(app, serverCertificate, folder, logs, audit);
    }

    /// <summary>A client on a connection of its own, presenting <paramref name="certificate"/> (or none), trusting only this API's server certificate.</summary>
    public HttpClient Client(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == _serverCertificate.GetCertHashString(),
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public async Task WriteTrustBundleAsync(params TestCertificateAuthority[] trusted) =>
        await File.WriteAllTextAsync(TrustBundlePath, string.Concat(trusted.Select(ca => ca.CertificatePem)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _serverCertificate.Dispose();
        Logs.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static void Map(WebApplication app, string path, ServiceCredentialPolicy policy) =>
        app.MapGet(path, (ServiceAuthContext auth) => new Caller(auth.Service?.ServiceId, auth.Service?.Credential.ToString(), auth.User?.UserId))
            .RequireActivity(Activity)
            .RequireServiceCredential(policy);
}

/// <summary>What an endpoint of <see cref="MtlsApi"/> answers: who called, by which credential.</summary>
public sealed record Caller(string? Service, string? Credential, string? User);
