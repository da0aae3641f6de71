using System.Net;

namespace S2SAuth.Client.Http;

/// <summary>Where the issuer may be reached: HTTPS, or plain HTTP on loopback when <c>RequireHttpsMetadata</c> is off.</summary>
internal static class UrlRules
{
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    public static bool IsAcceptable(Uri uri, bool requireHttps) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && !requireHttps && IsLoopback(uri));
}
