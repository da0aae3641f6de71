using Microsoft.IdentityModel.JsonWebTokens;

namespace S2SAuth.Verification;

/// <summary>Reads S2SAuth's claims from a verified token.</summary>
internal static class ClaimReader
{
    public static string? String(JsonWebToken token, string name) =>
        token.TryGetPayloadValue<string>(name, out var value) ? value : null;

    /// <summary>All string values of a claim that may be a string or an array; each value is also split on spaces when <paramref name="split"/>.</summary>
    public static HashSet<string> Set(JsonWebToken token, string name, bool split, HashSet<string>? into = null)
    {
        into ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in token.Claims)
        {
            if (!string.Equals(claim.Type, name, StringComparison.Ordinal) || string.IsNullOrEmpty(claim.Value))
            {
                continue;
            }

            if (split && claim.Value.Contains(' ', StringComparison.Ordinal))
            {
                into.UnionWith(claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else
            {
                into.Add(claim.Value);
            }
        }

        return into;
    }

    public static bool IsServiceToken(JsonWebToken token, ServiceTokenRecognition recognition)
    {
        var type = String(token, "type");
        if (type is not null)
        {
            return string.Equals(type, "service", StringComparison.Ordinal);
        }

        if (recognition != ServiceTokenRecognition.TypeClaimOrClientCredentials)
        {
            return false;
        }

        var clientId = String(token, "client_id") ?? String(token, "azp");
        return clientId is not null && string.Equals(clientId, String(token, JwtRegisteredClaimNames.Sub), StringComparison.Ordinal);
    }

    /// <summary>A user token has no <c>type</c> claim or <c>type=user</c>.</summary>
    public static bool IsUserType(JsonWebToken token) =>
        String(token, "type") is null or "user";

    public static ServiceIdentity ToServiceIdentity(JsonWebToken token)
    {
        var scopes = Set(token, "scopes", split: true);
        Set(token, "scope", split: true, scopes);
        return new ServiceIdentity(token.Subject, scopes, String(token, "tenant_id"), token.Id, token.ValidTo);
    }

    public static UserIdentity ToUserIdentity(JsonWebToken token) =>
        new(token.Subject, String(token, "tenant_id"), Set(token, "permissions", split: false), Set(token, "roles", split: false), token.Id, token.ValidTo);
}
