namespace S2SAuth.Client;

/// <summary>
/// Thrown by an outgoing call when no valid service token can be had: the call was not sent. The message
/// names the reason, the audience and the issuer's error code, never a token or a secret.
/// </summary>
public sealed class ServiceTokenUnavailableException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public ServiceTokenUnavailableException()
        : this("No service token could be obtained; the call was not sent.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ServiceTokenUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ServiceTokenUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal ServiceTokenUnavailableException(ServiceTokenFailureReason reason, string? audience, string? error)
        : base(Describe(reason, audience, error))
    {
        Reason = reason;
        Audience = audience;
        Error = error;
    }

    /// <summary>Why no token could be had.</summary>
    public ServiceTokenFailureReason Reason { get; }

    /// <summary>The audience the token was asked for, if any.</summary>
    public string? Audience { get; }

    /// <summary>The issuer's OAuth2 error code (e.g. <c>invalid_client</c>) or HTTP status, when it gave one.</summary>
    public string? Error { get; }

    private static string Describe(ServiceTokenFailureReason reason, string? audience, string? error)
    {
        var what = reason switch
        {
            ServiceTokenFailureReason.NotConfigured => "ServiceAuth:ClientId, ServiceAuth:ClientSecret and ServiceAuth:Authority (or TokenEndpoint) must be configured",
            ServiceTokenFailureReason.DiscoveryFailed => "the issuer's discovery document could not be read",
            ServiceTokenFailureReason.IssuerUnavailable => "the issuer is unavailable",
            ServiceTokenFailureReason.Rejected => "the issuer refused the token request",
            ServiceTokenFailureReason.Redirected => "the issuer answered with a redirect, which S2SAuth never follows (the credentials were sent nowhere else)",
            _ => "the issuer's answer held no usable access token",
        };
        var detail = error is null ? string.Empty : $" ({error})";
        return $"No service token could be obtained for audience '{audience ?? "(none)"}': {what}{detail}. The call was not sent.";
    }
}
