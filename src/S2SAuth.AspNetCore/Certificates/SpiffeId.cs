namespace S2SAuth.Certificates;

/// <summary>
/// A SPIFFE ID (SPIFFE-ID specification §2): <c>spiffe://</c>, a trust domain of lowercase letters, digits, <c>.</c>,
/// <c>-</c> and <c>_</c>, then an optional path of non-empty segments of letters, digits, <c>.</c>, <c>-</c> and <c>_</c>
/// that are neither <c>.</c> nor <c>..</c>; no port, user info, query or fragment, no trailing slash, at most 2048
/// bytes. Parsed by hand: <see cref="Uri"/> would normalise what the specification requires to be refused.
/// </summary>
internal readonly record struct SpiffeId(string Value, string TrustDomain, string Path)
{
    private const string Scheme = "spiffe://";
    private const int MaxLength = 2048;

    public static bool TryParse(string? text, out SpiffeId id)
    {
        id = default;
        if (text is null || text.Length > MaxLength || !text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text.AsSpan(Scheme.Length);
        var slash = rest.IndexOf('/');
        var domain = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? [] : rest[slash..];
        if (domain.Length == 0 || !IsTrustDomain(domain) || !IsPath(path))
        {
            return false;
        }

        id = new SpiffeId(text, domain.ToString(), path.ToString());
        return true;
    }

    /// <summary>Whether <paramref name="domain"/> is a valid trust domain name (also as configured).</summary>
    public static bool IsTrustDomain(ReadOnlySpan<char> domain)
    {
        if (domain.Length == 0)
        {
            return false;
        }

        foreach (var c in domain)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The path's segments (none for the trust domain's own ID).</summary>
    public string[] Segments() => Path.Length == 0 ? [] : Path[1..].Split('/');

    private static bool IsPath(ReadOnlySpan<char> path)
    {
        if (path.Length == 0)
        {
            return true;
        }

        // Starts with '/': every segment between slashes must be non-empty, not '.' or '..', and of the allowed characters.
        var segment = 0;
        for (var i = 1; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                var length = i - 1 - segment;
                var value = path.Slice(segment + 1, length);
                if (length == 0 || value is "." or "..")
                {
                    return false;
                }

                segment = i;
                continue;
            }

            if (!(path[i] is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
