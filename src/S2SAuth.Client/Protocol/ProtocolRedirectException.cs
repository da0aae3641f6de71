using System.Net;

namespace S2SAuth.Client.Protocol;

/// <summary>
/// A protocol client (token, discovery, JWKS, remote permissions) was answered with a 3xx. Not an
/// <see cref="HttpRequestException"/>: a redirect is not transient, so resilience handlers do not retry it.
/// The message names the client and the status, never the Location.
/// </summary>
internal sealed class ProtocolRedirectException : Exception
{
    public const string CodePrefix = "redirect_";

    public ProtocolRedirectException()
    {
    }

    public ProtocolRedirectException(string message)
        : base(message)
    {
    }

    public ProtocolRedirectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProtocolRedirectException(string clientName, HttpStatusCode statusCode)
        : base($"HttpClient '{clientName}' was answered with a {(int)statusCode} redirect. S2SAuth's protocol clients never follow redirects; the request failed and nothing was sent to the redirect's target.")
    {
        StatusCode = statusCode;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>A short code for logs and errors: <c>redirect_302</c>.</summary>
    public string Code => CodePrefix + (int)StatusCode;
}
