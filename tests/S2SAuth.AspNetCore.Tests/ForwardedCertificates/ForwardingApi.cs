using System.Formats.Asn1;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.ForwardedCertificates;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.ForwardedCertificates;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with <c>AddServiceAuth</c> (so the reader is the registered singleton) and one
/// endpoint, <c>GET /forwarded</c>, that calls <see cref="ForwardedCertificateReader.Read"/> and answers what it made of
/// the request. With a server certificate it listens on HTTPS and asks for a client certificate, which the app (here
/// <see cref="ChainConnectionIdentity"/>) validates.
/// </summary>
internal sealed class ForwardingApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ForwardingApi(WebApplication app, Uri baseUri, LogCapture logs)
    {
        _app = app;
        BaseUri = baseUri;
        Logs = logs;
    }

    public Uri BaseUri { get; }

    public LogCapture Logs { get; }

    public static async Task<ForwardingApi> StartAsync(TestIssuer issuer, Action<ForwardedCertificateOptions> forwarded,
        X509Certificate2? serverCertificate = null, IConnectionIdentity? connectionIdentity = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new LogCapture();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (serverCertificate is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true, // validated by the app, per request
                });
            }
        }));
        builder.Services.AddServiceAuth(o =>
        {
            o.Authority = issuer.Authority;
            o.Audience = "pricing-service";
            o.RequireHttpsMetadata = false;
            o.Spiffe.TrustDomains = ["cluster.local"];
            forwarded(o.Certificates.Forwarded);
        });
        if (connectionIdentity is not null)
        {
            builder.Services.AddSingleton(connectionIdentity);
        }

        var app = builder.Build();
        app.MapGet("/forwarded", (HttpContext http, ForwardedCertificateReader reader) =>
        {
            var result = reader.Read(http);
            var presented = result.Certificate;
            return new Seen(result.Outcome.ToString(), result.Code, result.Detail, presented?.AttestedUri,
                presented is null ? null : Convert.ToHexStringLower(presented.Sha256Thumbprint), presented?.Certificate?.Subject,
                presented?.Chain.Count ?? 0,
                http.Request.Headers.ContainsKey(ForwardedCertificateReader.XfccHeaderName) || http.Request.Headers.ContainsKey(ForwardedCertificateReader.ClientCertHeaderName));
        }).AllowAnonymous();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ForwardingApi(app, new Uri(address.TrimEnd('/')), logs);
    }

    public async Task<Seen> GetAsync(HttpClient client, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, "/forwarded"));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Seen>())!;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>What the endpoint saw: the reader's outcome, and whether the header was still on the request after it.</summary>
    public sealed record Seen(string Outcome, string? Code, string? Detail, string? Uri, string? Thumbprint, string? Subject, int ChainCount, bool HeaderStillThere);
}

/// <summary>
/// A test <see cref="IConnectionIdentity"/>: the connection's client certificate, chained to the test CA (custom root
/// trust, no machine store), gives its URI SAN. Stands in for the real connection-certificate validator.
/// </summary>
internal sealed class ChainConnectionIdentity(X509Certificate2 ca) : IConnectionIdentity
{
    public string? ValidatedSpiffeId(HttpContext http)
    {
        if (http.Connection.ClientCertificate is not { } certificate)
        {
            return null;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(certificate))
        {
            return null;
        }

        var san = certificate.Extensions["2.5.29.17"];
        if (san is null)
        {
            return null;
        }

        var names = new AsnReader(san.RawData, AsnEncodingRules.DER).ReadSequence();
        var uri = new Asn1Tag(TagClass.ContextSpecific, 6);
        while (names.HasData)
        {
            if (names.PeekTag() == uri)
            {
                return names.ReadCharacterString(UniversalTagNumber.IA5String, uri);
            }

            names.ReadEncodedValue();
        }

        return null;
    }
}
