using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Certificates;
using S2SAuth.Client.Http;
using S2SAuth.Client.Logging;
using S2SAuth.Client.Protocol;

namespace S2SAuth.Client.Tokens;

/// <summary>
/// The token endpoint: configured, or read from the issuer's discovery document (Duende.IdentityModel, with its
/// issuer-name and endpoint checks), cached for an hour, one fetch at a time; a stale address is kept when a refresh fails.
/// A client that authenticates with its certificate (RFC 8705) uses the document's <c>mtls_endpoint_aliases.token_endpoint</c>
/// when it has one (RFC 8705 §5), else <c>token_endpoint</c>.
/// </summary>
internal sealed class TokenEndpointResolver : IDisposable
{
    private static readonly TimeSpan CacheDuration = TimeSpan.FromHours(1);
    private readonly IHttpClientFactory _factory;
    private readonly IOptionsMonitor<ServiceTokenClientOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Discovered? _discovered;
    private string? _lastError;

    public TokenEndpointResolver(IHttpClientFactory factory, IOptionsMonitor<ServiceTokenClientOptions> options, TimeProvider time, ILogger<TokenEndpointResolver> logger)
    {
        _factory = factory;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The token endpoint, or <see langword="null"/> and a loggable error code.</summary>
    public async Task<(string? Address, string? Error)> GetAsync(CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        if (!string.IsNullOrEmpty(options.TokenEndpoint))
        {
            return Uri.TryCreate(options.TokenEndpoint, UriKind.Absolute, out var configured) && UrlRules.IsAcceptable(configured, options.RequireHttpsMetadata)
                ? (options.TokenEndpoint, null)
                : (null, "insecure_token_endpoint");
        }

        if (string.IsNullOrEmpty(options.Authority))
        {
            return (null, "no_authority");
        }

        var mtls = ClientCertificateTransport.IsCertificateAuthentication(options.ClientAuthentication);
        if (Fresh(options.Authority) is { } cached)
        {
            return cached.For(mtls);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var discovered = Fresh(options.Authority) ?? await DiscoverAsync(options, cancellationToken).ConfigureAwait(false);
            return discovered is null ? (null, _lastError ?? "discovery_failed") : discovered.For(mtls);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private Discovered? Fresh(string authority) =>
        Volatile.Read(ref _discovered) is { } d && d.Authority == authority && _time.GetUtcNow() - d.FetchedAt < CacheDuration ? d : null;

    /// <summary>The discovered endpoints, or a stale copy when the refresh failed, or <see langword="null"/> (and <see cref="_lastError"/>).</summary>
    private async Task<Discovered?> DiscoverAsync(ServiceTokenClientOptions options, CancellationToken cancellationToken)
    {
        var stale = Volatile.Read(ref _discovered) is { } d && d.Authority == options.Authority ? d : null;
        var http = _factory.CreateClient(ClientCredentialsTokenSource.HttpClientName);
        using var request = new DiscoveryDocumentRequest
        {
            Address = options.Authority,
            Policy = new DiscoveryPolicy
            {
                RequireHttps = true,
                AllowHttpOnLoopback = !options.RequireHttpsMetadata,
                ValidateIssuerName = true,
                ValidateEndpoints = true,
                RequireKeySet = false,
            },
        };
        using var response = await http.GetDiscoveryDocumentAsync(request, cancellationToken).ConfigureAwait(false);
        var error = DiscoveryFailures.Reason(response, response.TokenEndpoint, "token", options.RequireHttpsMetadata);

        if (error is not null)
        {
            Log.DiscoveryFailed(_logger, options.Authority!, error, stale is not null);
            _lastError = error;
            return stale;
        }

        var alias = response.MtlsEndpointAliases?.TokenEndpoint;
        var discovered = new Discovered(options.Authority!, response.TokenEndpoint!, string.IsNullOrEmpty(alias) ? null : alias, options.RequireHttpsMetadata, _time.GetUtcNow());
        Volatile.Write(ref _discovered, discovered);
        return discovered;
    }

    private sealed record Discovered(string Authority, string TokenEndpoint, string? MtlsTokenEndpoint, bool RequireHttps, DateTimeOffset FetchedAt)
    {
        /// <summary>The endpoint for this client: the mTLS alias (which must be HTTPS, or loopback HTTP when allowed) for certificate authentication.</summary>
        public (string? Address, string? Error) For(bool mtls)
        {
            if (!mtls || MtlsTokenEndpoint is null)
            {
                return (TokenEndpoint, null);
            }

            return Uri.TryCreate(MtlsTokenEndpoint, UriKind.Absolute, out var alias) && UrlRules.IsAcceptable(alias, RequireHttps)
                ? (MtlsTokenEndpoint, null)
                : (null, "insecure_mtls_token_endpoint");
        }
    }
}
