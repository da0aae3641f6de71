using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace AuthService.Revocation;

/// <summary>
/// The <c>iss</c> this issuer writes into its tokens: <c>AuthService:Issuer</c> when configured, else the address it
/// listens on (OpenIddict derives it from the request, e.g. <c>http://127.0.0.1:PORT/</c>). Revocations name tokens by it.
/// </summary>
public sealed class IssuerName(IOptionsMonitor<OpenIddictServerOptions> options)
{
    private string? _listening;

    public string? Value => options.CurrentValue.Issuer?.AbsoluteUri ?? _listening;

    internal void Listening(Uri address) => _listening = address.AbsoluteUri;
}
