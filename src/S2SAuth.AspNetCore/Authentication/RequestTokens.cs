using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using S2SAuth.Http;

namespace S2SAuth.Authentication;

/// <summary>
/// The raw tokens of a request, read from its headers, or why they cannot be read. Each token is a slice of its
/// header's value (no copy): the verified-token cache is looked up by span, so a repeated <c>Bearer</c> token costs no substring.
/// </summary>
internal readonly record struct RequestTokens(ReadOnlyMemory<char>? Service, ReadOnlyMemory<char>? User, string? ErrorCode)
{
    private const string Bearer = "Bearer";

    public static RequestTokens Read(IHeaderDictionary headers)
    {
        var service = headers[HeaderNames.ServiceToken];
        var authorization = headers.Authorization;
        var userHeader = headers[HeaderNames.UserToken];
        if (service.Count > 1 || authorization.Count > 1 || userHeader.Count > 1)
        {
            return new(null, null, AuthErrorCodes.MultipleTokens);
        }

        var bearer = BearerValue(authorization);
        if (bearer is not null && userHeader.Count == 1)
        {
            return new(null, null, AuthErrorCodes.MultipleTokens);
        }

        // (Typed nulls: a bare null would convert to an empty ReadOnlyMemory through its char[] conversion.)
        var user = bearer ?? (userHeader.Count == 1 ? Ows(userHeader[0].AsMemory()) : (ReadOnlyMemory<char>?)null);
        return new(service.Count == 1 ? Ows(service[0].AsMemory()) : (ReadOnlyMemory<char>?)null, user, null);
    }

    /// <summary>
    /// The value without its optional whitespace: SP and HTAB only (RFC 9110 §5.6.3 OWS). Any other whitespace (NBSP, a
    /// Unicode space, CR/LF) stays and makes the token malformed: it is not the sender's token.
    /// </summary>
    internal static ReadOnlyMemory<char> Ows(ReadOnlyMemory<char> value)
    {
        var span = value.Span;
        var start = 0;
        while (start < span.Length && span[start] is ' ' or '\t')
        {
            start++;
        }

        var end = span.Length;
        while (end > start && span[end - 1] is ' ' or '\t')
        {
            end--;
        }

        return value[start..end];
    }

    /// <summary>
    /// The token of an <c>Authorization: Bearer</c> header: the scheme in any case (RFC 9110 §11.1), then one SP and the
    /// token, with any further SP/HTAB around it dropped (RFC 6750 §2.1 allows 1*SP). <c>Bearer</c> followed by anything
    /// but SP (<c>Bearer\tx</c>, <c>Bearerx</c>) is another scheme, not ours.
    /// </summary>
    private static ReadOnlyMemory<char>? BearerValue(StringValues authorization)
    {
        if (authorization.Count != 1 || authorization[0] is not { } value || !value.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return value.Length == Bearer.Length ? ReadOnlyMemory<char>.Empty
            : value[Bearer.Length] == ' ' ? Ows(value.AsMemory(Bearer.Length + 1))
            : null;
    }
}
