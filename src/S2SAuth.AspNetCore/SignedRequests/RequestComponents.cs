using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using S2SAuth.Client.Signatures;

namespace S2SAuth.SignedRequests;

/// <summary>
/// The signature components of a received request (RFC 9421 §2.2): <c>@authority</c> from the <c>Host</c> header, and
/// <c>@path</c>/<c>@query</c> from the raw request target as the client sent it (percent-encoding kept, PathBase
/// included, untouched by routing or rewriting middleware); from PathBase + Path + QueryString when no raw target is known.
/// </summary>
internal static class RequestComponents
{
    public static HttpMessageComponents From(HttpRequest request)
    {
        var (path, query) = Target(request);
        var headers = request.Headers;
        return HttpMessageComponents.FromValues(request.Method, request.Scheme, request.Host.Value ?? string.Empty, path, query,
            name => headers.TryGetValue(name, out var values) && values.Count > 0 ? (string[])values.ToArray()! : null);
    }

    /// <summary>Whether the request carries a body (a positive Content-Length, or a body of unknown length).</summary>
    public static bool HasBody(HttpRequest request) =>
        request.ContentLength is { } length
            ? length > 0
            : request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.Headers.TransferEncoding.Count > 0;

    private static (string Path, string Query) Target(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw))
        {
            if (raw[0] != '/' && raw.IndexOf("://", StringComparison.Ordinal) is var scheme and > 0)
            {
                // absolute-form (RFC 9112 §3.2.2): the path starts at the first "/" after the authority.
                var slash = raw.IndexOfAny(['/', '?'], scheme + 3);
                raw = slash < 0 ? "/" : raw[slash] == '?' ? "/" + raw[slash..] : raw[slash..];
            }

            if (raw[0] == '/')
            {
                var mark = raw.IndexOf('?', StringComparison.Ordinal);
                return mark < 0 ? (raw, string.Empty) : (raw[..mark], raw[mark..]);
            }
        }

        return ((request.PathBase + request.Path).ToUriComponent(), request.QueryString.Value ?? string.Empty);
    }
}
