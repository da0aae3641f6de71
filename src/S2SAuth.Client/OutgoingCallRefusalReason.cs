namespace S2SAuth.Client;

/// <summary>Why an outgoing call was refused before it left.</summary>
public enum OutgoingCallRefusalReason
{
    /// <summary>The request's host is not in the client's <see cref="ServiceTokenHandlerOptions.AllowedHosts"/>.</summary>
    HostNotAllowed = 0,

    /// <summary>The downstream redirected to a host that is not in the client's allowed hosts; the redirect was not followed.</summary>
    RedirectToDisallowedHost = 1,

    /// <summary>The call is user-scoped and there is no user token to forward.</summary>
    UserTokenMissing = 2,

    /// <summary>
    /// The client signs its requests (<c>AddRequestSigning</c>) and the body is larger than
    /// <see cref="RequestSigningOptions.MaxBodyBytes"/>, so it cannot be buffered to be digested and signed.
    /// </summary>
    RequestBodyTooLarge = 3,

    /// <summary>The client signs its requests and a covered component (e.g. a listed header) is absent from this request.</summary>
    RequestNotSignable = 4,

    /// <summary>
    /// The client exchanges the user token (<see cref="UserTokenMode.Exchange"/>) and no exchanged token could be had: the
    /// issuer refused the exchange (e.g. <c>invalid_scope</c>, <c>invalid_target</c>, <c>unauthorized_client</c>) or could not be
    /// reached, or the subject token has expired. The call is not sent, and the user token is never forwarded instead.
    /// </summary>
    UserTokenExchangeFailed = 5,

    /// <summary>
    /// The client exchanges the user token and asks for a scope the user token does not hold: an exchange must narrow, so
    /// the issuer is not asked and the call is not sent.
    /// </summary>
    UserTokenExchangeNotNarrower = 6,
}
