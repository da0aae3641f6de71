using System.Globalization;

namespace S2SAuth.Client.Http;

/// <summary>
/// The hosts a client may send its token to. Entries are <c>host</c> (the scheme's default port),
/// <c>host:port</c>, or an absolute URL (its host and port). Host names compare case-insensitively.
/// </summary>
internal sealed class AllowedHosts
{
    private const int DefaultPort = -1;
    private readonly (string Host, int Port)[] _entries;

    private AllowedHosts((string Host, int Port)[] entries) => _entries = entries;

    public int Count => _entries.Length;

    public static AllowedHosts Parse(IEnumerable<string> entries)
    {
        var parsed = new List<(string, int)>();
        foreach (var entry in entries)
        {
            if (TryParse(entry, out var host, out var port))
            {
                parsed.Add((host, port));
            }
        }

        return new AllowedHosts([.. parsed]);
    }

    public static bool TryParse(string? entry, out string host, out int port)
    {
        host = string.Empty;
        port = DefaultPort;
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

            host = url.IdnHost;
            port = url.Port;
            return true;
        }

        if (!Uri.TryCreate("http://" + entry, UriKind.Absolute, out var uri) || uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        host = uri.IdnHost;
        var colon = entry.LastIndexOf(':');
        var hasPort = colon > entry.LastIndexOf(']') && int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _);
        port = hasPort ? uri.Port : DefaultPort;
        return true;
    }

    public bool IsAllowed(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri)
        {
            return false;
        }

        var host = uri.IdnHost;
        foreach (var (allowedHost, port) in _entries)
        {
            if (string.Equals(allowedHost, host, StringComparison.OrdinalIgnoreCase)
                && (port == DefaultPort ? uri.IsDefaultPort : port == uri.Port))
            {
                return true;
            }
        }

        return false;
    }
}
