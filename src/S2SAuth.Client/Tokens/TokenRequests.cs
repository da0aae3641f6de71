using System.Net;
using Duende.IdentityModel.Client;
using S2SAuth.Client.Certificates;
using S2SAuth.Client.Protocol;

namespace S2SAuth.Client.Tokens;

/// <summary>
/// What every token request of this service shares, whatever its grant (client credentials, token exchange): how the
/// client authenticates, where the audience goes, and how the issuer's answer is read.
/// </summary>
internal static class TokenRequests
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);

    /// <summary>Whether the client can authenticate at all: an id, and a secret unless a TLS method authenticates it.</summary>
    public static bool IsConfigured(ServiceTokenClientOptions options) =>
        !string.IsNullOrEmpty(options.ClientId)
        && (ClientCertificateTransport.IsCertificateAuthentication(options.ClientAuthentication) || !string.IsNullOrEmpty(options.ClientSecret));

    /// <summary>
    /// Client authentication: client_secret_basic, client_secret_post, or RFC 8705 §2 (the certificate on the connection
    /// authenticates; the body carries client_id and no secret).
    /// </summary>
    public static void Authenticate(TokenRequest request, ServiceTokenClientOptions options)
    {
        var byCertificate = ClientCertificateTransport.IsCertificateAuthentication(options.ClientAuthentication);
        request.ClientId = options.ClientId!;
        request.ClientSecret = byCertificate ? null : options.ClientSecret;
        request.ClientCredentialStyle = byCertificate || options.ClientAuthentication == ClientAuthenticationMethod.ClientSecretPost
            ? ClientCredentialStyle.PostBody
            : ClientCredentialStyle.AuthorizationHeader;
        request.AuthorizationHeaderStyle = BasicAuthenticationHeaderStyle.Rfc6749;
    }

    /// <summary>The reason a discovery failure gives, from <see cref="TokenEndpointResolver"/>'s error code.</summary>
    public static TokenResult DiscoveryFailure(string? discoveryError)
    {
        var reason = discoveryError switch
        {
            "no_authority" or "insecure_token_endpoint" => ServiceTokenFailureReason.NotConfigured,
            _ when discoveryError?.StartsWith(ProtocolRedirectException.CodePrefix, StringComparison.Ordinal) == true => ServiceTokenFailureReason.Redirected,
            _ => ServiceTokenFailureReason.DiscoveryFailed,
        };
        return TokenResult.Failure(reason, discoveryError);
    }

    /// <summary>
    /// The token of a successful answer (a Bearer access token with a lifetime), or why there is none. The lifetime is
    /// <c>expires_in</c>, else the JWT's <c>exp</c>, else a minute; <paramref name="notAfter"/> caps it.
    /// </summary>
    public static TokenResult Read(TokenResponse response, DateTimeOffset sentAt, ServiceTokenClientOptions options, DateTimeOffset? notAfter = null)
    {
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
        if (notAfter is { } cap && cap < expiresAt)
        {
            expiresAt = cap;
        }

        if (expiresAt <= sentAt)
        {
            return TokenResult.Failure(ServiceTokenFailureReason.InvalidResponse, "token_expired");
        }

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
