using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace S2SAuth.Testing;

/// <summary>
/// A real OAuth2 issuer on a loopback port for tests: OpenID discovery, JWKS, a client-credentials
/// token endpoint and an RFC 7662 introspection endpoint. It can rotate keys, go down, and count what was asked of it.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    private static readonly string[] GrantTypes = ["client_credentials", TokenExchangeEndpoint.GrantType];
    private static readonly string[] AuthMethods = ["client_secret_basic", "client_secret_post"];
    private WebApplication? _app;
    private readonly List<TestSigningKey> _published = [];
    private readonly ConcurrentDictionary<string, TestClient> _clients = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private TestSigningKey _current;
    private int _metadataRequests;
    private int _jwksRequests;
    private int _tokenRequests;
    private int _tokenExchanges;
    private TaskCompletionSource _tokenGate = NewOpenGate();
    private TokenRequestInfo? _lastTokenRequest;

    private int _refusedRequests;
    private int _introspectionRequests;
    private TaskCompletionSource _introspectionGate = NewOpenGate();
    private readonly ConcurrentDictionary<string, byte> _deactivated = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _references = new(StringComparer.Ordinal);

    private TestIssuer(TestIssuerOptions options)
    {
        TokenLifetime = options.TokenLifetime;
        TimeProvider = options.TimeProvider;
        ServiceTokenType = options.ServiceTokenType;
        _current = TestSigningKey.Create("key-1", options.Algorithm);
        _published.Add(_current);
        Authority = string.Empty;
    }

    /// <summary>The issuer URL, e.g. <c>http://127.0.0.1:41234</c>; also the <c>iss</c> of its tokens.</summary>
    public string Authority { get; private set; }

    /// <summary>The <c>iss</c> value written into tokens (same as <see cref="Authority"/>).</summary>
    public string Issuer => Authority;

    /// <summary>The token endpoint URL.</summary>
    public string TokenEndpoint => Authority + "/connect/token";

    /// <summary>
    /// The RFC 7662 introspection endpoint URL (<c>/connect/introspect</c>, published as <c>introspection_endpoint</c>).
    /// The caller authenticates as a client registered with <see cref="AddClient(string, string, string[])"/>
    /// (<c>client_secret_basic</c> or <c>client_secret_post</c>), else 401 <c>invalid_client</c>. A token is active when
    /// it is signed by a published key, its <c>iss</c> is this issuer, it has not expired (on <see cref="TimeProvider"/>)
    /// and was not passed to <see cref="DeactivateToken"/>; an active answer echoes its <c>iss</c>, <c>sub</c>, <c>aud</c>,
    /// <c>exp</c>, <c>iat</c>, <c>nbf</c>, <c>jti</c>, <c>client_id</c> and <c>scope</c>; anything else answers <c>{"active":false}</c>.
    /// </summary>
    public string IntrospectionEndpoint => Authority + "/connect/introspect";

    /// <summary>Requests that reached the introspection endpoint (counted before they are held or fail).</summary>
    public int IntrospectionRequestCount => Volatile.Read(ref _introspectionRequests);

    /// <summary>When set, the introspection endpoint alone answers with this status (e.g. 500 or 503); discovery keeps working.</summary>
    public int? IntrospectionFailureStatus { get; set; }

    /// <summary>
    /// When set, called with each introspected token (after client authentication); a non-null result is sent as the
    /// JSON answer instead of the issuer's own (e.g. an active answer naming another audience, or one for an opaque token).
    /// </summary>
    public Func<string, IReadOnlyDictionary<string, object?>?>? IntrospectionResponder { get; set; }

    /// <summary>From now on the introspection endpoint answers <c>{"active":false}</c> for <paramref name="token"/> (revoked at the issuer).</summary>
    public void DeactivateToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        _deactivated[token] = 0;
    }

    /// <summary>Holds every introspection request (after counting it) until <see cref="ReleaseIntrospectionRequests"/>, to keep requests in flight.</summary>
    public void HoldIntrospectionRequests()
    {
        lock (_gate)
        {
            if (_introspectionGate.Task.IsCompleted)
            {
                _introspectionGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Lets held introspection requests (and later ones) through.</summary>
    public void ReleaseIntrospectionRequests()
    {
        lock (_gate)
        {
            _introspectionGate.TrySetResult();
        }
    }

    /// <summary>
    /// A reference (opaque) token standing for <paramref name="jwt"/> (one this issuer built, e.g. with
    /// <c>ServiceToken(...).Build()</c>): a random base64url handle that the introspection endpoint answers like the JWT
    /// itself (active while the JWT would be: signed by a published key, this issuer's, not expired, and neither the JWT nor
    /// the handle deactivated), echoing <b>every</b> claim of its payload (<c>type</c>, <c>scopes</c>, <c>tenant_id</c>...).
    /// <see cref="DeactivateToken"/> with the handle revokes it.
    /// </summary>
    public string ReferenceToken(string jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        var handle = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        _references[handle] = jwt;
        return handle;
    }

    internal string? ReferencedToken(string handle) => _references.TryGetValue(handle, out var jwt) ? jwt : null;

    internal bool IsDeactivated(string token) => _deactivated.ContainsKey(token);

    /// <summary>The keys published in the JWKS now.</summary>
    internal IReadOnlyList<TestSigningKey> PublishedKeys
    {
        get
        {
            lock (_gate)
            {
                return [.. _published];
            }
        }
    }

    /// <summary>
    /// Token-exchange requests (RFC 8693) answered by the token endpoint, whatever their outcome; they count in
    /// <see cref="TokenRequestCount"/> too. Any registered client may exchange a user token of this issuer for one audience
    /// and scopes it may ask for and the user token holds; the issued token names the client in <c>act</c>.
    /// </summary>
    public int TokenExchangeCount => Volatile.Read(ref _tokenExchanges);

    internal void CountTokenExchange() => Interlocked.Increment(ref _tokenExchanges);

    internal TestSigningKey? PublishedKey(string keyId)
    {
        lock (_gate)
        {
            return _published.FirstOrDefault(k => k.KeyId == keyId);
        }
    }

    /// <summary>Lifetime of minted tokens.</summary>
    public TimeSpan TokenLifetime { get; set; }

    /// <summary>Clock used for token times.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary><c>type</c> claim of client-credentials tokens, or <see langword="null"/> for none.</summary>
    public string? ServiceTokenType { get; set; }

    /// <summary>When <see langword="false"/>, every endpoint answers 503 (an issuer outage).</summary>
    public bool IsAvailable { get; set; } = true;

    /// <summary>
    /// When set, the discovery document names this <c>jwks_uri</c> instead of the issuer's own (e.g. another host, to
    /// prove a verifier refuses to fetch keys there).
    /// </summary>
    public string? PublishedJwksUri { get; set; }

    /// <summary>When set, the JWKS endpoint answers 200 with this text instead of the published keys (e.g. a malformed document).</summary>
    public string? JwksResponseBody { get; set; }

    /// <summary>Delay added before every answer, to hold requests in flight.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>The key new tokens are signed with.</summary>
    public TestSigningKey CurrentKey { get { lock (_gate) { return _current; } } }

    /// <summary>Requests served by the discovery endpoint.</summary>
    public int MetadataRequestCount => Volatile.Read(ref _metadataRequests);

    /// <summary>Requests served by the JWKS endpoint.</summary>
    public int JwksRequestCount => Volatile.Read(ref _jwksRequests);

    /// <summary>Requests that reached the token endpoint.</summary>
    public int TokenRequestCount => Volatile.Read(ref _tokenRequests);

    /// <summary>When set, the token endpoint alone answers with this status (e.g. 500 or 503) and <c>temporarily_unavailable</c>; discovery keeps working.</summary>
    public int? TokenEndpointFailureStatus { get; set; }

    /// <summary>What the last token request asked for and how the client authenticated (never the secret).</summary>
    public TokenRequestInfo? LastTokenRequest => Volatile.Read(ref _lastTokenRequest);

    /// <summary>Every access token the token endpoint issued, e.g. to prove that none of them appears in logs.</summary>
    public IReadOnlyCollection<string> IssuedAccessTokens => IssuedTokens;

    internal ConcurrentQueue<string> IssuedTokens { get; } = new();

    /// <summary>Holds every token request (after counting it) until <see cref="ReleaseTokenRequests"/>, to keep requests in flight.</summary>
    public void HoldTokenRequests()
    {
        lock (_gate)
        {
            if (_tokenGate.Task.IsCompleted)
            {
                _tokenGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Lets held token requests (and later ones) through.</summary>
    public void ReleaseTokenRequests()
    {
        lock (_gate)
        {
            _tokenGate.TrySetResult();
        }
    }

    /// <summary>Starts an issuer on <c>127.0.0.1</c> and a free port (or <see cref="TestIssuerOptions.Port"/>).</summary>
    public static async Task<TestIssuer> StartAsync(TestIssuerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TestIssuerOptions();
        var issuer = new TestIssuer(options);
        await issuer.ListenAsync(options.Port, cancellationToken).ConfigureAwait(false);
        return issuer;
    }

    /// <summary>
    /// Whether the issuer is listening: <see langword="false"/> between <see cref="StopAsync"/> and <see cref="RestartAsync"/>.
    /// </summary>
    public bool IsRunning => Volatile.Read(ref _app) is not null;

    /// <summary>
    /// Stops listening (an outage a verifier sees as refused connections, unlike <see cref="IsAvailable"/>'s 503s). Keys,
    /// clients, settings and counters are kept; tokens can still be built; <see cref="RestartAsync"/> listens again.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is not null)
        {
            ReleaseTokenRequests();
            ReleaseIntrospectionRequests();
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Listens again after <see cref="StopAsync"/>, at the same address (<see cref="Authority"/>), with the same keys and clients.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The issuer is running; stop it first.");
        }

        await ListenAsync(new Uri(Authority).Port, cancellationToken).ConfigureAwait(false);
    }

    private async Task ListenAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        MapEndpoints(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Authority = address.TrimEnd('/');
        Volatile.Write(ref _app, app);
    }

    /// <summary>Publishes a new key and signs new tokens with it; older keys stay published.</summary>
    public TestSigningKey RotateKey(string? algorithm = null)
    {
        lock (_gate)
        {
            var key = TestSigningKey.Create("key-" + (_published.Count + 1), algorithm ?? _current.Algorithm);
            _published.Add(key);
            _current = key;
            return key;
        }
    }

    /// <summary>Publishes an extra key without signing with it by default.</summary>
    public TestSigningKey AddKey(string keyId, string algorithm)
    {
        var key = TestSigningKey.Create(keyId, algorithm);
        lock (_gate)
        {
            _published.Add(key);
        }

        return key;
    }

    /// <summary>Publishes a key made by the test (e.g. with <see cref="TestSigningKey.CreateRsa"/> or <see cref="TestSigningKey.WithJwkParameter"/>).</summary>
    public TestSigningKey AddKey(TestSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            _published.Add(key);
        }

        return key;
    }

    /// <summary>Stops publishing a key (tokens signed with it no longer verify after a refresh).</summary>
    public void RemoveKey(string keyId)
    {
        lock (_gate)
        {
            _published.RemoveAll(k => k.KeyId == keyId);
        }
    }

    /// <summary>Registers a client for the client-credentials grant.</summary>
    public TestClient AddClient(string clientId, string secret, params string[] allowedScopes)
    {
        var client = new TestClient(clientId, secret, allowedScopes);
        _clients[clientId] = client;
        return client;
    }

    /// <summary>Registers a client given in full (e.g. with a tenant).</summary>
    public TestClient AddClient(TestClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _clients[client.ClientId] = client;
        return client;
    }

    /// <summary>A builder for any token of this issuer, signed with the current key.</summary>
    public TokenBuilder Token() => new(this, CurrentKey);

    /// <summary>A valid service token: <c>type=service</c>, <c>sub</c>, <c>aud</c>, <c>scopes</c> and optional <c>tenant_id</c>.</summary>
    public TokenBuilder ServiceToken(string serviceId, string audience, IEnumerable<string>? scopes = null, string? tenantId = null)
    {
        var builder = Token().Claim("type", "service").Claim("sub", serviceId).Claim("client_id", serviceId)
            .Audience(audience).Claim("scopes", (scopes ?? []).ToArray());
        return tenantId is null ? builder : builder.Claim("tenant_id", tenantId);
    }

    /// <summary>A valid user token: <c>sub</c>, <c>aud</c>, <c>tenant_id</c>, <c>permissions</c> and <c>roles</c>.</summary>
    public TokenBuilder UserToken(string userId, string audience, string? tenantId, IEnumerable<string>? permissions = null, IEnumerable<string>? roles = null)
    {
        var builder = Token().Claim("type", "user").Claim("sub", userId).Claim("client_id", "frontend").Audience(audience)
            .Claim("permissions", (permissions ?? []).ToArray());
        if (roles is not null)
        {
            builder.Claim("roles", roles.ToArray());
        }

        return tenantId is null ? builder : builder.Claim("tenant_id", tenantId);
    }

    internal Task TokenGate
    {
        get
        {
            lock (_gate)
            {
                return _tokenGate.Task;
            }
        }
    }

    internal void RecordTokenRequest(TokenRequestInfo info) => Volatile.Write(ref _lastTokenRequest, info);

    /// <summary>Requests of any endpoint answered 503 because <see cref="IsAvailable"/> was <see langword="false"/>.</summary>
    public int RefusedRequestCount => Volatile.Read(ref _refusedRequests);

    /// <summary>Resets the request counters.</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _metadataRequests, 0);
        Interlocked.Exchange(ref _jwksRequests, 0);
        Interlocked.Exchange(ref _tokenRequests, 0);
        Interlocked.Exchange(ref _tokenExchanges, 0);
        Interlocked.Exchange(ref _refusedRequests, 0);
        Interlocked.Exchange(ref _introspectionRequests, 0);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ReleaseTokenRequests();
        ReleaseIntrospectionRequests();
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewOpenGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private void MapEndpoints(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (ResponseDelay > TimeSpan.Zero)
            {
                await Task.Delay(ResponseDelay, context.RequestAborted).ConfigureAwait(false);
            }

            if (!IsAvailable)
            {
                Interlocked.Increment(ref _refusedRequests);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.MapGet("/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref _metadataRequests);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = PublishedJwksUri ?? Authority + "/.well-known/jwks.json",
                ["token_endpoint"] = TokenEndpoint,
                ["introspection_endpoint"] = IntrospectionEndpoint,
                ["grant_types_supported"] = GrantTypes,
                ["token_endpoint_auth_methods_supported"] = AuthMethods,
            });
        });
        app.MapGet("/.well-known/jwks.json", () =>
        {
            Interlocked.Increment(ref _jwksRequests);
            if (JwksResponseBody is { } body)
            {
                return Results.Text(body, "application/json");
            }

            lock (_gate)
            {
                return Results.Json(new { keys = _published.Select(k => k.PublicJwk).ToArray() });
            }
        });
        app.MapPost("/connect/token", async Task<IResult> (HttpContext context) =>
        {
            Interlocked.Increment(ref _tokenRequests);
            await TokenGate.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            if (TokenEndpointFailureStatus is { } status)
            {
                return Results.Json(new Dictionary<string, string> { ["error"] = "temporarily_unavailable" }, statusCode: status);
            }

            return await ClientCredentialsEndpoint.HandleAsync(this, context, _clients).ConfigureAwait(false);
        });
        app.MapPost("/connect/introspect", async Task<IResult> (HttpContext context) =>
        {
            Interlocked.Increment(ref _introspectionRequests);
            Task held;
            lock (_gate)
            {
                held = _introspectionGate.Task;
            }

            await held.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            if (IntrospectionFailureStatus is { } status)
            {
                return Results.Json(new Dictionary<string, string> { ["error"] = "temporarily_unavailable" }, statusCode: status);
            }

            return await TokenIntrospectionEndpoint.HandleAsync(this, context, _clients).ConfigureAwait(false);
        });
    }
}
