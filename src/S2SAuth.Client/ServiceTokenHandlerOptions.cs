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
    /// Hosts that may receive the token, as <c>host</c>, <c>host:port</c> or an absolute URL. Default: the authority
    /// of the client's <c>BaseAddress</c>. A request or redirect to any other host fails before a token is attached.
    /// </summary>
    public IList<string> AllowedHosts { get; set; } = [];

    /// <summary>The header that carries the user token on user-scoped calls. Default <see cref="Client.UserTokenHeader.Authorization"/>.</summary>
    public UserTokenHeader UserTokenHeader { get; set; } = UserTokenHeader.Authorization;
}
