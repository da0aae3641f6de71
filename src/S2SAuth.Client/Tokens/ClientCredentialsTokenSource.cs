using System.Net;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Certificates;
using S2SAuth.Client.Logging;
using S2SAuth.Client.Protocol;

namespace S2SAuth.Client.Tokens;

/// <summary>
/// The OAuth2 client-credentials grant (RFC 6749 §4.4) through Duende.IdentityModel: client_secret_basic,
/// client_secret_post or RFC 8705 mutual TLS (the token client's transport presents the certificate), scopes, and the audience as <c>audience</c> or RFC 8707 <c>resource</c>.
/// </summary>
internal sealed class ClientCredentialsTokenSource : IServiceTokenSource
{
    /// <summary>The IHttpClientFactory client used for discovery and token requests.</summary>
    public const string HttpClientName = "S2SAuth.TokenClient";

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);
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
        var byCertificate = ClientCertificateTransport.IsCertificateAuthentication(options.ClientAuthentication);
        if (string.IsNullOrEmpty(options.ClientId) || (!byCertificate && string.IsNullOrEmpty(options.ClientSecret)))
        {
            return TokenResult.Failure(ServiceTokenFailureReason.NotConfigured);
        }

        var (address, discoveryError) = await _endpoints.GetAsync(cancellationToken).ConfigureAwait(false);
        if (address is null)
        {
            var reason = discoveryError switch
            {
                "no_authority" or "insecure_token_endpoint" => ServiceTokenFailureReason.NotConfigured,
                _ when discoveryError?.StartsWith(ProtocolRedirectException.CodePrefix, StringComparison.Ordinal) == true => ServiceTokenFailureReason.Redirected,
                _ => ServiceTokenFailureReason.DiscoveryFailed,
            };
            return TokenResult.Failure(reason, discoveryError);
        }

        using var request = new ClientCredentialsTokenRequest
        {
            Address = address,
            ClientId = options.ClientId,

            // RFC 8705 §2: with a TLS method the certificate on the connection authenticates the client; the body carries
            // client_id and no secret.
            ClientSecret = byCertificate ? null : options.ClientSecret,
            ClientCredentialStyle = byCertificate || options.ClientAuthentication == ClientAuthenticationMethod.ClientSecretPost
                ? ClientCredentialStyle.PostBody
                : ClientCredentialStyle.AuthorizationHeader,
            AuthorizationHeaderStyle = BasicAuthenticationHeaderStyle.Rfc6749,
            Scope = key.Scope,
        };
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
        if (response.IsError)
        {
            return Failure(response);
        }

        if (string.IsNullOrEmpty(response.AccessToken))
        {
            return TokenResult.Failure(ServiceTokenFailureReason.InvalidResponse, "no_access_token");
        }

        if (response.TokenType is { Length: > 0 } type && !type.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return TokenResult.Failure(ServiceTokenFailureReason.InvalidResponse, "unsupported_token_type");
        }

        var expiresAt = response.ExpiresIn > 0 ? sentAt.AddSeconds(response.ExpiresIn) : JwtExpiry.TryRead(response.AccessToken) ?? sentAt + DefaultLifetime;
        if (expiresAt <= sentAt)
        {
            return TokenResult.Failure(ServiceTokenFailureReason.InvalidResponse, "token_expired");
        }

        Log.TokenAcquired(_logger, key.Audience ?? "(none)", key.Scope ?? "(none)", (long)(expiresAt - sentAt).TotalSeconds);
        return TokenResult.Success(new CachedToken(response.AccessToken, sentAt, expiresAt, options.TokenRefreshBeforeExpiry, options.TokenExpiryMargin));
    }

    private static TokenResult Failure(TokenResponse response)
    {
        var status = response.HttpStatusCode;
        if (response.Exception is ProtocolRedirectException redirect)
        {
            return TokenResult.Failure(ServiceTokenFailureReason.Redirected, redirect.Code);
        }

        if (response.ErrorType == ResponseErrorType.Exception || status == 0)
        {
            return TokenResult.Failure(ServiceTokenFailureReason.IssuerUnavailable, "unreachable");
        }

        if ((int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            return TokenResult.Failure(ServiceTokenFailureReason.IssuerUnavailable, "http_" + (int)status);
        }

        var oauthError = response.ErrorType == ResponseErrorType.Protocol ? response.Error : OAuthError(response);
        return TokenResult.Failure(ServiceTokenFailureReason.Rejected, SafeText.ErrorCode(oauthError) ?? "http_" + (int)status);
    }

    private static string? OAuthError(TokenResponse response)
    {
        try
        {
            return response.TryGet("error");
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
