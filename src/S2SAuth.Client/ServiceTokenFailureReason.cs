namespace S2SAuth.Client;

/// <summary>Why no service token could be had.</summary>
public enum ServiceTokenFailureReason
{
    /// <summary>Client id, secret or issuer are not configured.</summary>
    NotConfigured = 0,

    /// <summary>The issuer's discovery document could not be read or broke the discovery policy.</summary>
    DiscoveryFailed = 1,

    /// <summary>The issuer could not be reached, timed out or answered with a server error.</summary>
    IssuerUnavailable = 2,

    /// <summary>The issuer refused the request (e.g. <c>invalid_client</c>, <c>invalid_scope</c>); see <see cref="ServiceTokenUnavailableException.Error"/>.</summary>
    Rejected = 3,

    /// <summary>The issuer's answer held no usable access token.</summary>
    InvalidResponse = 4,

    /// <summary>
    /// The issuer (its discovery document or its token endpoint) answered with a redirect. S2SAuth never follows a
    /// redirect of a token or discovery request, so the client secret went nowhere else; see <see cref="ServiceTokenUnavailableException.Error"/>.
    /// </summary>
    Redirected = 5,
}
