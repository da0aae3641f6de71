using System.Collections;
using System.Collections.ObjectModel;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace S2SAuth.Verification;

/// <summary>Reads S2SAuth's claims from a verified token.</summary>
internal static class ClaimReader
{
    private static readonly ReadOnlySet<string> NoValues = new(new HashSet<string>(StringComparer.Ordinal));

    public static string? String(JsonWebToken token, string name) =>
        token.TryGetPayloadValue<string>(name, out var value) ? value : null;

    /// <summary>
    /// All string values of a claim that may be a string or an array; each value is also split on spaces when
    /// <paramref name="split"/>. Reads the parsed payload value directly (a string, or an array kept as a
    /// <see cref="JsonElement"/>); only a claim holding non-string values (numbers, dates) goes through
    /// <see cref="JsonWebToken.Claims"/>, which materialises every claim of the token.
    /// </summary>
    public static HashSet<string> Set(JsonWebToken token, string name, bool split, HashSet<string>? into = null)
    {
        into ??= new HashSet<string>(StringComparer.Ordinal);
        if (!token.TryGetPayloadValue<object>(name, out var value) || value is null)
        {
            return into;
        }

        if (value is string single)
        {
            Add(into, single, split);
            return into;
        }

        if (value is JsonElement { ValueKind: JsonValueKind.Array } array && AllStrings(array))
        {
            foreach (var item in array.EnumerateArray())
            {
                Add(into, item.GetString()!, split);
            }

            return into;
        }

        if (value is IList list && AllStrings(list))
        {
            foreach (string item in list)
            {
                Add(into, item, split);
            }

            return into;
        }

        foreach (var claim in token.Claims)
        {
            if (string.Equals(claim.Type, name, StringComparison.Ordinal))
            {
                Add(into, claim.Value, split);
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

    /// <summary>
    /// Whether a token without a <c>type</c> claim carries a mark by which a well-known issuer labels a client-credentials
    /// (machine) token: Auth0's <c>gty=client-credentials</c> or <c>sub</c> ending in <c>@clients</c>; Entra ID's
    /// <c>idtyp=app</c>, or <c>oid == sub</c> without <c>scp</c>; Keycloak's <c>preferred_username</c> starting with
    /// <c>service-account-</c>; Okta's <c>cid</c> without <c>uid</c>; Cognito's <c>token_use=access</c> without
    /// <c>username</c>; a <c>client_id</c> without <c>sub</c> (Duende IdentityServer, OpenIddict). Such a token is
    /// never accepted as a user, whatever the configured recognition: a service must not pass as a user.
    /// </summary>
    public static bool HasClientCredentialsMark(JsonWebToken token)
    {
        var subject = String(token, JwtRegisteredClaimNames.Sub);
        var objectId = String(token, "oid");
        return String(token, "gty") == "client-credentials"
            || subject?.EndsWith("@clients", StringComparison.Ordinal) == true
            || String(token, "idtyp") == "app"
            || (objectId is not null && objectId == subject && !token.TryGetPayloadValue<object>("scp", out _))
            || String(token, "preferred_username")?.StartsWith("service-account-", StringComparison.Ordinal) == true
            || (String(token, "cid") is not null && !token.TryGetPayloadValue<object>("uid", out _))
            || (String(token, "token_use") == "access" && !token.TryGetPayloadValue<object>("username", out _))
            || (subject is null && String(token, "client_id") is not null);
    }

    /// <summary>A user token has no <c>type</c> claim or <c>type=user</c>.</summary>
    public static bool IsUserType(JsonWebToken token) =>
        String(token, "type") is null or "user";

    /// <summary>The calling service; its scope set is read-only, as the identity is shared through the verified-token cache.</summary>
    public static ServiceIdentity ToServiceIdentity(JsonWebToken token)
    {
        var scopes = Set(token, "scopes", split: true);
        Set(token, "scope", split: true, scopes);
        return new ServiceIdentity(token.Subject, ReadOnly(scopes), String(token, "tenant_id"), token.Id, token.ValidTo);
    }

    /// <summary>The user; its sets are read-only, as the identity is shared through the verified-token cache.</summary>
    public static UserIdentity ToUserIdentity(JsonWebToken token) =>
        new(token.Subject, String(token, "tenant_id"), ReadOnly(Set(token, "permissions", split: false)), ReadOnly(Set(token, "roles", split: false)), token.Id, token.ValidTo);

    private static ReadOnlySet<string> ReadOnly(HashSet<string> set) => set.Count == 0 ? NoValues : new ReadOnlySet<string>(set);

    private static void Add(HashSet<string> into, string value, bool split)
    {
        if (value.Length == 0)
        {
            return;
        }

        if (split && value.Contains(' ', StringComparison.Ordinal))
        {
            foreach (var part in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                into.Add(part);
            }
        }
        else
        {
            into.Add(value);
        }
    }

    private static bool AllStrings(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllStrings(IList list)
    {
        foreach (var item in list)
        {
            if (item is not string)
            {
                return false;
            }
        }

        return true;
    }
}
