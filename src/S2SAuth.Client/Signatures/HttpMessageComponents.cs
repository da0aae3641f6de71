namespace S2SAuth.Client.Signatures;

/// <summary>
/// The parts of an HTTP request (or response, for <c>@status</c>) a signature base (RFC 9421 §2.5) is built from. Built
/// from an <see cref="HttpRequestMessage"/> on the client, or from plain values (e.g. an HttpContext) on the server.
/// </summary>
internal sealed class HttpMessageComponents
{
    private readonly Func<string, IReadOnlyList<string>?> headers;

    private HttpMessageComponents(string method, string scheme, string authority, string path, string query, Func<string, IReadOnlyList<string>?> headers, int? status)
    {
        Method = method;
        Scheme = scheme.ToLowerInvariant();
        Authority = WithoutDefaultPort(Scheme, authority.ToLowerInvariant());
        Path = path.Length == 0 ? "/" : path;
        Query = query.StartsWith('?') ? query : "?" + query;
        this.headers = headers;
        Status = status;
    }

    /// <summary>The method as sent (RFC 9421 §2.2.1: not case-normalized).</summary>
    public string Method { get; }

    public string Scheme { get; }

    /// <summary>Host and port (default port omitted), lowercased (§2.2.3).</summary>
    public string Authority { get; }

    /// <summary>The absolute path, percent-encoding kept; "/" when empty (§2.2.6).</summary>
    public string Path { get; }

    /// <summary>The query with its leading "?"; "?" when there is none (§2.2.7).</summary>
    public string Query { get; }

    public int? Status { get; }

    /// <summary>The field lines of one header (case-insensitive name), or null when absent.</summary>
    public IReadOnlyList<string>? Header(string name) => headers(name);

    // RFC 9421 §2.2.3 normalizes the authority as HTTP §4.2.3 does: lowercase, default port omitted.
    private static string WithoutDefaultPort(string scheme, string authority) =>
        (scheme, authority) switch
        {
            ("https", _) when authority.EndsWith(":443", StringComparison.Ordinal) => authority[..^4],
            ("http", _) when authority.EndsWith(":80", StringComparison.Ordinal) => authority[..^3],
            _ => authority,
        };

    /// <summary>From plain values, so the server side can feed it from HttpContext.</summary>
    /// <param name="method">The method as received.</param>
    /// <param name="scheme">"http" or "https".</param>
    /// <param name="authority">Host[:port] as received (Host header / :authority).</param>
    /// <param name="path">The absolute path as received, percent-encoding kept.</param>
    /// <param name="query">The query string with or without its leading "?"; empty when none.</param>
    /// <param name="headers">Returns all field lines of a header by name (case-insensitive), or null when absent.</param>
    /// <param name="status">The response status, for <c>@status</c> (responses only).</param>
    public static HttpMessageComponents FromValues(string method, string scheme, string authority, string path, string query, Func<string, IReadOnlyList<string>?> headers, int? status = null) =>
        new(method, scheme, authority, path, query, headers, status);

    /// <summary>From an outgoing request: authority from the Host header if set, else the request URI.</summary>
    public static HttpMessageComponents? FromRequest(HttpRequestMessage request)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            return null;
        }

        var authority = request.Headers.Host ?? uri.Authority;
        return new(request.Method.Method, uri.Scheme, authority, uri.AbsolutePath, uri.Query, name =>
        {
            if (request.Headers.TryGetValues(name, out var values) || (request.Content is not null && request.Content.Headers.TryGetValues(name, out values)))
            {
                return values.ToArray();
            }

            return null;
        }, status: null);
    }
}
