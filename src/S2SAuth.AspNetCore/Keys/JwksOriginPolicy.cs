namespace S2SAuth.Keys;

/// <summary>
/// Where a discovery document's <c>jwks_uri</c> may point: the origin (scheme, host, port) of the Authority, of the
/// MetadataAddress when one is configured, or one listed in <see cref="ServiceAuthOptions.AllowedJwksOrigins"/>. All of
/// them are checked at start-up (HTTPS unless loopback or development), so an allowed origin is never a downgrade.
/// The same rule as the client's check of the token endpoint (Duende's <c>ValidateEndpoints</c>: endpoints on the
/// authority), by origin rather than by string prefix, with an explicit allow-list instead of a prefix list.
/// </summary>
internal sealed class JwksOriginPolicy
{
    private readonly HashSet<string> _origins = new(StringComparer.OrdinalIgnoreCase);

    public JwksOriginPolicy(ServiceAuthOptions options)
    {
        foreach (var address in options.AllowedJwksOrigins.Prepend(options.MetadataAddress).Prepend(options.Authority))
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && IsHttp(uri))
            {
                _origins.Add(Origin(uri));
            }
        }
    }

    /// <summary><c>scheme://host[:port]</c>, the port omitted when it is the scheme's default; no user info, path or query.</summary>
    public static string Origin(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    public static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp;

    public bool Allows(Uri jwksUri) => IsHttp(jwksUri) && _origins.Contains(Origin(jwksUri));
}
