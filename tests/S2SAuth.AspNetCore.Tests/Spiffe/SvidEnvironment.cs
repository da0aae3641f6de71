using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Spiffe;

/// <summary>
/// An API accepting JWT-SVIDs of <c>prod.example.org</c> (bundle in a file, or served over HTTP by a loopback Kestrel
/// server) and <c>staging.example.org</c> (bundle file), beside the service tokens of a <see cref="TestIssuer"/>.
/// <c>mesh.example.org</c> is an allowed trust domain without a JWT bundle; <c>evil.example.org</c> is not allowed.
/// IDs map by <c>/ns/*/sa/{service}</c>, and <c>spiffe://prod.example.org/legacy/billing</c> → <c>billing-service</c>.
/// <c>GET /confirm</c> needs the activity <c>order.confirm</c> (service only), granted to orders-service and billing-service.
/// </summary>
public sealed class SvidEnvironment : IAsyncDisposable
{
    public const string Prod = "prod.example.org";
    public const string Staging = "staging.example.org";
    public const string Activity = "order.confirm";

    private readonly string _directory;

    private SvidEnvironment(string directory, TestIssuer issuer, LoopbackServer? bundleServer)
    {
        _directory = directory;
        Issuer = issuer;
        BundleServer = bundleServer;
    }

    public TestIssuer Issuer { get; }

    public TestApi Api { get; private set; } = null!;

    /// <summary>Serves prod's bundle when the environment was started with <c>prodOverHttp</c>.</summary>
    public LoopbackServer? BundleServer { get; }

    /// <summary>What <see cref="BundleServer"/> answers: the bundle JSON, or an error status when <see cref="BundleServerStatus"/> is set.</summary>
    public string ServedBundle { get; set; } = "{\"keys\":[]}";

    public int? BundleServerStatus { get; set; }

    public string ProdFile => Path.Combine(_directory, "prod.json");

    public string StagingFile => Path.Combine(_directory, "staging.json");

    public static async Task<SvidEnvironment> StartAsync(string prodBundle, string stagingBundle, bool prodOverHttp = false, int? initialStatus = null,
        Action<ServiceAuthOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var directory = Directory.CreateTempSubdirectory("s2s-svid-").FullName;
        var issuer = await TestIssuer.StartAsync();
        var server = prodOverHttp ? await LoopbackServer.StartAsync() : null;
        var env = new SvidEnvironment(directory, issuer, server) { BundleServerStatus = initialStatus, ServedBundle = prodBundle };
        if (server is not null)
        {
            server.Respond = http =>
            {
                if (env.BundleServerStatus is { } status)
                {
                    http.Response.StatusCode = status;
                    return Task.CompletedTask;
                }

                http.Response.ContentType = "application/json";
                return http.Response.WriteAsync(env.ServedBundle);
            };
        }
        else
        {
            await File.WriteAllTextAsync(env.ProdFile, prodBundle);
        }

        await File.WriteAllTextAsync(env.StagingFile, stagingBundle);
        env.Api = await TestApi.StartAsync(issuer,
            o =>
            {
                o.Spiffe.TrustDomains = [Prod, Staging, "mesh.example.org"];
                o.Spiffe.JwtBundles[Prod] = server is null ? env.ProdFile : server.BaseUri + "keys";
                o.Spiffe.JwtBundles[Staging] = env.StagingFile;
                o.Spiffe.JwtBundleRefreshInterval = TimeSpan.FromSeconds(1);
                o.Spiffe.PathTemplate = "/ns/*/sa/{service}";
                o.Spiffe.ServiceIds["spiffe://prod.example.org/legacy/billing"] = "billing-service";
                o.ServiceScopes["orders-service"] = [Activity, "order.read"];
                o.ServiceScopes["billing-service"] = [Activity];
                configure?.Invoke(o);
            },
            services,
            endpoints: app => app.MapGet("/confirm", (ServiceIdentity caller) => new
            {
                service = caller.ServiceId,
                credential = caller.Credential.ToString(),
                scopes = caller.Scopes.Order().ToArray(),
                tokenId = caller.TokenId,
            }).RequireActivity(Activity, RequiredIdentities.ServiceOnly));
        return env;
    }

    /// <summary>A SPIFFE bundle (<c>spiffe_sequence</c>, <c>spiffe_refresh_hint</c>) with these keys as <c>jwt-svid</c>, plus an <c>x509-svid</c> entry.</summary>
    public static string Bundle(long sequence, params SvidKey[] keys) => BundleWith(sequence, keys, x509Only: []);

    /// <summary>A SPIFFE bundle whose <paramref name="x509Only"/> keys are published as <c>x509-svid</c> only.</summary>
    public static string BundleWith(long sequence, SvidKey[] keys, SvidKey[] x509Only)
    {
        var array = new JsonArray();
        foreach (var key in keys)
        {
            array.Add(key.Jwk("jwt-svid"));
        }

        foreach (var key in x509Only)
        {
            array.Add(key.Jwk("x509-svid"));
        }

        return new JsonObject { ["spiffe_sequence"] = sequence, ["spiffe_refresh_hint"] = 300, ["keys"] = array }.ToJsonString();
    }

    /// <summary>A plain JWKS (as SPIRE's OIDC discovery provider serves): keys with <c>use</c> <paramref name="use"/> (or none).</summary>
    public static string Jwks(string? use, params SvidKey[] keys)
    {
        var array = new JsonArray();
        foreach (var key in keys)
        {
            array.Add(key.Jwk(use));
        }

        return new JsonObject { ["keys"] = array }.ToJsonString();
    }

    /// <summary>A valid JWT-SVID for this API: <c>sub</c> = <paramref name="spiffeId"/>, <c>aud</c> = the API, signed by <paramref name="key"/>.</summary>
    public TokenBuilder Svid(SvidKey key, string spiffeId = "spiffe://prod.example.org/ns/shop/sa/orders-service") =>
        Issuer.Token()
            .Without("iss").Without("nbf")
            .Claim("sub", spiffeId)
            .Audience(TestApi.Audience)
            .SignWith(key.SecurityKey, key.Algorithm)
            .Header("kid", key.KeyId);

    public Task<HttpResponseMessage> ConfirmAsync(string serviceToken) => Api.GetAsync("/confirm", serviceToken);

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        if (BundleServer is not null)
        {
            await BundleServer.DisposeAsync();
        }

        await Issuer.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
