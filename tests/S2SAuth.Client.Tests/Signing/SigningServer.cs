using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Tests.Signing;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (HTTP/1.1, or HTTP/2 with prior knowledge) that records each request as it
/// arrived: method, scheme, Host/:authority, the raw request target, every header line and the raw body bytes.
/// Answers 200 unless <see cref="Respond"/> gives another status for an attempt number.
/// </summary>
public sealed class SigningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private SigningServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    /// <summary>The status for attempt number n (1-based); <see langword="null"/>: 200.</summary>
    public Func<int, int>? Respond { get; set; }

    public static async Task<SigningServer> StartAsync(bool http2 = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = http2 ? HttpProtocols.Http2 : HttpProtocols.Http1));
        var app = builder.Build();
        SigningServer? self = null;
        app.Run(async http =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase);
            var number = Interlocked.Increment(ref self!._count);
            self.Requests.Enqueue(new RawRequest(number, http.Request.Method, http.Request.Scheme, http.Request.Host.Value ?? string.Empty,
                http.Features.Get<IHttpRequestFeature>()!.RawTarget, headers, body.ToArray(), http.Request.Protocol));
            http.Response.StatusCode = self.Respond?.Invoke(number) ?? StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new SigningServer(app, new Uri(address.TrimEnd('/') + "/"));
        return self;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One request as the server received it, and its signature checked with the core's verifier.</summary>
public sealed record RawRequest(int Number, string Method, string Scheme, string Host, string RawTarget, IReadOnlyDictionary<string, string[]> Headers, byte[] Body, string Protocol)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? string.Join(", ", value) : null;

    internal HttpMessageComponents Components()
    {
        var question = RawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? RawTarget : RawTarget[..question];
        var query = question < 0 ? string.Empty : RawTarget[question..];
        return HttpMessageComponents.FromValues(Method, Scheme, Host, path, query, n => Headers.TryGetValue(n, out var v) ? v : null);
    }

    /// <summary>Verifies the signature (label sig1 unless given) with <paramref name="key"/> and the Content-Digest over the raw body.</summary>
    internal SignatureVerificationResult Verify(SignatureKey key, TimeProvider time, string label = "sig1", params string[] required)
    {
        var policy = new SignatureVerificationPolicy
        {
            RequiredComponents = required.Length == 0 ? ["@method", "@authority", "@path", "@query"] : required,
            Label = label,
            RequireExpires = true,
            RequireNonce = true,
        };
        return MessageVerifier.Verify(Components(), policy, id => id == key.KeyId ? key : null, time);
    }

    internal SignatureFailure VerifyDigest() => ContentDigest.Verify(Header(ContentDigest.HeaderName), Body);

    public override string ToString() => $"#{Number} {Method} {RawTarget} ({Protocol})";
}
