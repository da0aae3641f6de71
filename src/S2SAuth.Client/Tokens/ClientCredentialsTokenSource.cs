using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Logging;

namespace S2SAuth.Client.Tokens;

/// <summary>
/// The OAuth2 client-credentials grant (RFC 6749 §4.4) through Duende.IdentityModel: client_secret_basic,
/// client_secret_post or RFC 8705 mutual TLS (the token client's transport presents the certificate), scopes, and the audience as <c>audience</c> or RFC 8707 <c>resource</c>.
/// </summary>
internal sealed class ClientCredentialsTokenSource : IServiceTokenSource
{
    /// <summary>The IHttpClientFactory client used for discovery and token requests.</summary>
    public const string HttpClientName = "S2SAuth.TokenClient";

    private readonly IHttpClientFactory _factory;
    private readonly IOptionsMonitor<ServiceTokenClientOptions> _options;
    private readonly TokenEndpointResolver _endpoints;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ClientCredentialsTokenSource(IHttpClientFactory factory, IOptionsMonitor<ServiceTokenClientOptions> options, TokenEndpointResolver endpoints,
        TimeProvider time, ILogger<ClientCredentialsTokenSource> logger)
    {
        _factory = factory;
        _options = options;
        _endpoints = endpoints;
        _time = time;
        _logger = logger;
    }

    public async Task<TokenResult> RequestAsync(TokenKey key, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        if (!TokenRequests.IsConfigured(options))
        {
            return TokenResult.Failure(ServiceTokenFailureReason.NotConfigured);
        }

        var (address, discoveryError) = await _endpoints.GetAsync(cancellationToken).ConfigureAwait(false);
        if (address is null)
        {
            return TokenRequests.DiscoveryFailure(discoveryError);
        }

        using var request = new ClientCredentialsTokenRequest { Address = address, Scope = key.Scope };
        TokenRequests.Authenticate(request, options);
        if (key.Audience is { } audience)
        {
            if (options.AudienceParameter == AudienceParameter.Resource)
            {
                request.Resource.Add(audience);
            }
            else
            {
                request.Parameters.Add("audience", audience);
            }
        }

        var sentAt = _time.GetUtcNow();
        var http = _factory.CreateClient(HttpClientName);
        using var response = await http.RequestClientCredentialsTokenAsync(request, cancellationToken).ConfigureAwait(false);
        var result = TokenRequests.Read(response, sentAt, options);
        if (result.Token is { } token)
        {
            Log.TokenAcquired(_logger, key.Audience ?? "(none)", key.Scope ?? "(none)", (long)(token.ExpiresAt - sentAt).TotalSeconds);
        }

        return result;
    }
}
