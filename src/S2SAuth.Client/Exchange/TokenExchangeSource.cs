using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Tokens;

namespace S2SAuth.Client.Exchange;

/// <summary>
/// One RFC 8693 token exchange through Duende.IdentityModel: the user's token as <c>subject_token</c> (an access token),
/// this service authenticated as at every token request, the downstream as <c>audience</c> (or RFC 8707
/// <c>resource</c>), the scopes, and an access token asked for. No <c>actor_token</c>: the authenticated client is the
/// actor the issuer records in <c>act</c>. The answer must be an access token (<c>issued_token_type</c>), Bearer, and
/// never outlives the subject token.
/// </summary>
internal sealed class TokenExchangeSource
{
    private readonly IHttpClientFactory _factory;
    private readonly IOptionsMonitor<ServiceTokenClientOptions> _options;
    private readonly TokenEndpointResolver _endpoints;
    private readonly TimeProvider _time;

    public TokenExchangeSource(IHttpClientFactory factory, IOptionsMonitor<ServiceTokenClientOptions> options, TokenEndpointResolver endpoints, TimeProvider time)
    {
        _factory = factory;
        _options = options;
        _endpoints = endpoints;
        _time = time;
    }

    public async Task<TokenResult> ExchangeAsync(ExchangeKey key, SubjectToken subject, CancellationToken cancellationToken)
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

        using var request = new TokenExchangeTokenRequest
        {
            Address = address,
            SubjectToken = key.SubjectToken,
            SubjectTokenType = OidcConstants.TokenTypeIdentifiers.AccessToken,
            RequestedTokenType = OidcConstants.TokenTypeIdentifiers.AccessToken,
            Scope = key.Scope,
        };
        TokenRequests.Authenticate(request, options);
        if (options.AudienceParameter == AudienceParameter.Resource)
        {
            request.Resource = key.Audience;
        }
        else
        {
            request.Audience = key.Audience;
        }

        var sentAt = _time.GetUtcNow();
        var http = _factory.CreateClient(ClientCredentialsTokenSource.HttpClientName);
        using var response = await http.RequestTokenExchangeTokenAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsError && response.IssuedTokenType is { Length: > 0 } issued
            && !string.Equals(issued, OidcConstants.TokenTypeIdentifiers.AccessToken, StringComparison.Ordinal))
        {
            return TokenResult.Failure(ServiceTokenFailureReason.InvalidResponse, "unsupported_issued_token_type");
        }

        return TokenRequests.Read(response, sentAt, options, notAfter: subject.ExpiresAt);
    }
}
