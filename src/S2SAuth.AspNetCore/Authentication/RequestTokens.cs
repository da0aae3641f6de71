using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using S2SAuth.Http;

namespace S2SAuth.Authentication;

/// <summary>The raw tokens of a request, read from its headers, or why they cannot be read.</summary>
internal readonly record struct RequestTokens(string? Service, string? User, string? ErrorCode)
{
    private const string Bearer = "Bearer ";

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

        var user = bearer ?? (userHeader.Count == 1 ? userHeader[0]!.Trim() : null);
        return new(service.Count == 1 ? service[0]!.Trim() : null, user, null);
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header (scheme case-insensitive); other schemes are not ours.</summary>
    private static string? BearerValue(StringValues authorization)
    {
        if (authorization.Count != 1)
        {
            return null;
        }

        var value = authorization[0]!;
        return value.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? value[Bearer.Length..].Trim()
            : value.Equals(Bearer.TrimEnd(), StringComparison.OrdinalIgnoreCase) ? string.Empty
            : null;
    }
}
