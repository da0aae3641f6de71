using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Http;
using S2SAuth.Client.Logging;
using S2SAuth.Client.Protocol;

namespace S2SAuth.Client.Tokens;

/// <summary>
/// The token endpoint: configured, or read from the issuer's discovery document (Duende.IdentityModel, with its
/// issuer-name and endpoint checks), cached for an hour, one fetch at a time; a stale address is kept when a refresh fails.
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

        if (Fresh(options.Authority) is { } cached)
        {
            return (cached, null);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Fresh(options.Authority) is { } fetched ? (fetched, null) : await DiscoverAsync(options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private string? Fresh(string authority) =>
        Volatile.Read(ref _discovered) is { } d && d.Authority == authority && _time.GetUtcNow() - d.FetchedAt < CacheDuration ? d.TokenEndpoint : null;

    private async Task<(string? Address, string? Error)> DiscoverAsync(ServiceTokenClientOptions options, CancellationToken cancellationToken)
    {
        var stale = Volatile.Read(ref _discovered) is { } d && d.Authority == options.Authority ? d.TokenEndpoint : null;
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
            return stale is null ? (null, error) : (stale, null);
        }

        Volatile.Write(ref _discovered, new Discovered(options.Authority!, response.TokenEndpoint!, _time.GetUtcNow()));
        return (response.TokenEndpoint, null);
    }

    private sealed record Discovered(string Authority, string TokenEndpoint, DateTimeOffset FetchedAt);
}
