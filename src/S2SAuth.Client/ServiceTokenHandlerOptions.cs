namespace S2SAuth.Client;

/// <summary>
/// Settings of one outgoing <c>HttpClient</c> that carries this service's token, given to
/// <c>AddServiceTokenHandler</c>. Named options: the name is the client's name.
/// </summary>
public sealed class ServiceTokenHandlerOptions
{
    /// <summary>The downstream's audience, asked of the issuer (e.g. <c>pricing-service</c>); <see langword="null"/> asks for none.</summary>
    public string? Audience { get; set; }

    /// <summary>Scopes asked of the issuer for this downstream; empty asks for none (the issuer's default).</summary>
    public IList<string> Scopes { get; set; } = [];

    /// <summary>
    /// When <see langword="true"/>, every call forwards the current user's token and fails when there is none;
    /// when <see langword="false"/> (default), calls carry the service token only. A request can override it with
    /// <c>AsUserScoped()</c> or <c>AsServiceOnly()</c>.
    /// </summary>
    public bool UserScoped { get; set; }

    /// <summary>
    /// Where the token may go: scheme, host and port. Entries are <c>https://host[:port]</c>, <c>http://host[:port]</c>
    /// (plain HTTP, only when written so), or a bare <c>host</c>/<c>host:port</c>, which means HTTPS (and, on a loopback
    /// host, plain HTTP too). Default: the client's <c>BaseAddress</c> when it is HTTPS or loopback; a plain-HTTP
    /// BaseAddress elsewhere must be named here with <c>http://</c>. A request or redirect anywhere else fails before a
    /// token is attached. Entries with a path, query, another scheme or a bare port 80 fail start-up.
    /// </summary>
    public IList<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// What user-scoped calls send as the user: the incoming token as it came (<see cref="UserTokenMode.Forward"/>, default)
    /// or a token exchanged for it at the issuer for this client's <see cref="Audience"/> and <see cref="ExchangeScopes"/>
    /// (<see cref="UserTokenMode.Exchange"/>, RFC 8693; needs an <see cref="ExchangeAudience"/> or <see cref="Audience"/>).
    /// </summary>
    public UserTokenMode UserToken { get; set; } = UserTokenMode.Forward;

    /// <summary>
    /// The audience asked for the exchanged user token (<see cref="UserTokenMode.Exchange"/>); <see langword="null"/>
    /// (default) asks for <see cref="Audience"/>. Set it when the issuer takes no audience on client-credentials requests
    /// (OpenIddict derives a service token's audience from its scopes) but needs one for an exchange.
    /// </summary>
    public string? ExchangeAudience { get; set; }

    /// <summary>
    /// The scopes asked for the exchanged user token (<see cref="UserTokenMode.Exchange"/>); empty (default) asks for the
    /// client's <see cref="Scopes"/>. Each must be held by the user token (its <c>scope</c>, <c>scp</c>, <c>scopes</c> or
    /// <c>permissions</c>), else the call is refused before the issuer is asked.
    /// </summary>
    public IList<string> ExchangeScopes { get; set; } = [];

    /// <summary>The header that carries the user token on user-scoped calls. Default <see cref="Client.UserTokenHeader.Authorization"/>.</summary>
    public UserTokenHeader UserTokenHeader { get; set; } = UserTokenHeader.Authorization;

    /// <summary>
    /// When <see langword="true"/>, the downstream is known to honour <c>Idempotency-Key</c> (it stores and replays the
    /// first answer), so retry strategies may send a state-changing request (POST, PUT, PATCH, DELETE and other unsafe
    /// methods) again after any transient failure, with the same key. When <see langword="false"/> (default), such a
    /// request is retried only when it certainly did not reach the server (the connection could not be made).
    /// </summary>
    public bool RetryWithIdempotencyKey { get; set; }

    /// <summary>A plain-HTTP, non-loopback BaseAddress that was not made an allowed host (start-up validation names it).</summary>
    internal Uri? PlainHttpBaseAddress { get; set; }
}
