using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Protocol;
using S2SAuth.Logging;

namespace S2SAuth.Introspection;

/// <summary>
/// The introspection endpoint: configured (<c>ServiceAuth:Introspection:Endpoint</c>), or the <c>introspection_endpoint</c>
/// of the issuer's discovery document, read with Duende.IdentityModel (issuer-name and same-origin endpoint checks),
/// kept for an hour, one fetch at a time; the last address found is kept when a later fetch fails.
/// </summary>
internal sealed class IntrospectionEndpointResolver : IDisposable
{
    private static readonly TimeSpan CacheDuration = TimeSpan.FromHours(1);
    private readonly IHttpClientFactory _factory;
    private readonly ServiceAuthOptions _auth;
    private readonly IntrospectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Discovered? _discovered;

    public IntrospectionEndpointResolver(IHttpClientFactory factory, IOptions<ServiceAuthOptions> auth, IOptions<IntrospectionOptions> options, TimeProvider time,
        ILogger<IntrospectionEndpointResolver> logger)
    {
        _factory = factory;
        _auth = auth.Value;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The endpoint, or <see langword="null"/> and a loggable reason.</summary>
    public async Task<(string? Address, string? Error)> GetAsync(CancellationToken cancellationToken)
    {
        if (_options.Endpoint is { } configured)
        {
            return (configured.AbsoluteUri, null);
        }

        if (Fresh() is { } cached)
        {
            return (cached, null);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Fresh() is { } fetched ? (fetched, null) : await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private string? Fresh() =>
        Volatile.Read(ref _discovered) is { } d && _time.GetUtcNow() - d.FetchedAt < CacheDuration ? d.Endpoint : null;

    private async Task<(string? Address, string? Error)> DiscoverAsync(CancellationToken cancellationToken)
    {
        var stale = Volatile.Read(ref _discovered)?.Endpoint;
        var authority = _auth.Authority ?? _auth.MetadataAddress!;
        var http = _factory.CreateClient(IntrospectionClient.HttpClientName);
        using var request = new DiscoveryDocumentRequest
        {
            Address = _auth.MetadataAddress ?? authority,
            Policy = new DiscoveryPolicy
            {
                Authority = authority,
                RequireHttps = true,
                AllowHttpOnLoopback = !_auth.RequireHttpsMetadata,
                ValidateIssuerName = _auth.Issuer is null,
                ValidateEndpoints = true,
                RequireKeySet = false,
            },
        };
        using var response = await http.GetDiscoveryDocumentAsync(request, cancellationToken).ConfigureAwait(false);
        var error = DiscoveryFailures.Reason(response, response.IntrospectionEndpoint, "introspection", _auth.RequireHttpsMetadata);

        if (error is not null)
        {
            Log.IntrospectionDiscoveryFailed(_logger, error, stale is not null);
            return stale is null ? (null, error) : (stale, null);
        }

        Volatile.Write(ref _discovered, new Discovered(response.IntrospectionEndpoint!, _time.GetUtcNow()));
        return (response.IntrospectionEndpoint, null);
    }

    private sealed record Discovered(string Endpoint, DateTimeOffset FetchedAt);
}
