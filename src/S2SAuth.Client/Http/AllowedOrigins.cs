using System.Globalization;

namespace S2SAuth.Client.Http;

/// <summary>
/// Where a client may send its token: scheme, host and port. Entries are an absolute URL (<c>https://host[:port]</c>,
/// or <c>http://host[:port]</c> to allow plain HTTP deliberately), or a bare <c>host</c>/<c>host:port</c>, which means
/// HTTPS (port 443 unless given) and, on a loopback host only, plain HTTP too. Host names compare case-insensitively.
/// </summary>
internal sealed class AllowedOrigins
{
    private readonly (string Scheme, string Host, int Port)[] _entries;

    private AllowedOrigins((string Scheme, string Host, int Port)[] entries) => _entries = entries;

    public int Count => _entries.Length;

    public static AllowedOrigins Parse(IEnumerable<string> entries)
    {
        var parsed = new List<(string, string, int)>();
        foreach (var entry in entries)
        {
            if (TryParse(entry, out var origins, out _))
            {
                parsed.AddRange(origins);
            }
        }

        return new AllowedOrigins([.. parsed]);
    }

    /// <summary>
    /// Reads one entry into the origins it allows, or says why it is refused: malformed, a scheme other than http(s),
    /// a path/query/fragment/user (which would look like a restriction that is not enforced), or a bare port 80 (HTTP or HTTPS?).
    /// </summary>
    public static bool TryParse(string? entry, out (string Scheme, string Host, int Port)[] origins, out string problem)
    {
        origins = [];
        problem = "is not a host, host:port or absolute URL";
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        entry = entry.Trim();
        if (entry.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(entry, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
            {
                return false;
            }

            if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            {
                problem = "must be https:// or http:// (plain HTTP only when written so)";
                return false;
            }

            if (url.AbsolutePath != "/" || url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
            {
                problem = "has a path, query or fragment (or a user): an allowed host is scheme, host and port only";
                return false;
            }

            origins = [(url.Scheme, url.IdnHost, url.Port)];
            return true;
        }

        if (!Uri.TryCreate("https://" + entry, UriKind.Absolute, out var uri) || uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        var colon = entry.LastIndexOf(':');
        int? port = colon > entry.LastIndexOf(']') && int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _) ? uri.Port : null;
        if (!UrlRules.IsLoopback(uri))
        {
            if (port == 80)
            {
                problem = $"names port 80 without a scheme: write 'https://{uri.Authority}' for HTTPS on port 80, or 'http://{uri.IdnHost}' to allow plain HTTP deliberately";
                return false;
            }

            origins = [(Uri.UriSchemeHttps, uri.IdnHost, port ?? 443)];
            return true;
        }

        // Loopback traffic does not leave the machine: a bare loopback entry allows both schemes.
        origins = [(Uri.UriSchemeHttps, uri.IdnHost, port ?? 443), (Uri.UriSchemeHttp, uri.IdnHost, port ?? 80)];
        return true;
    }

    public bool IsAllowed(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri)
        {
            return false;
        }

        var host = uri.IdnHost;
        foreach (var (scheme, allowedHost, port) in _entries)
        {
            if (port == uri.Port && string.Equals(scheme, uri.Scheme, StringComparison.Ordinal)
                && string.Equals(allowedHost, host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
