using System.Collections;
using System.Collections.ObjectModel;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using S2SAuth.Profiles;

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
            || (objectId is not null && objectId == subject && !Has(token, "scp"))
            || String(token, "preferred_username")?.StartsWith("service-account-", StringComparison.Ordinal) == true
            || (String(token, "cid") is not null && !Has(token, "uid"))
            || (String(token, "token_use") == "access" && !Has(token, "username"))
            || (subject is null && String(token, "client_id") is not null);
    }

    /// <summary>Whether the token has a claim named <paramref name="name"/>, whatever its value.</summary>
    public static bool Has(JsonWebToken token, string name) => token.TryGetPayloadValue<object>(name, out _);

    /// <summary>The first of <paramref name="names"/> holding a non-empty string, or <see langword="null"/>.</summary>
    public static string? First(JsonWebToken token, string[] names)
    {
        foreach (var name in names)
        {
            if (String(token, name) is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The token's id: <c>jti</c>, else Entra ID's <c>uti</c>, else empty (the token names no id).</summary>
    public static string TokenId(JsonWebToken token) =>
        String(token, JwtRegisteredClaimNames.Jti) is { Length: > 0 } jti ? jti
        : String(token, "uti") is { Length: > 0 } uti ? uti
        : string.Empty;

    /// <summary>All string values found at <paramref name="paths"/> (see <see cref="ClaimPath"/>).</summary>
    public static HashSet<string> Values(JsonWebToken token, ClaimPath[] paths, bool split)
    {
        var into = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (path.Segments.Length == 1 || Has(token, path.Name))
            {
                Set(token, path.Name, split, into);
            }
            else if (token.TryGetPayloadValue<object>(path.Segments[0], out var root) && root is JsonElement element)
            {
                AddAt(element, path.Segments, into, split);
            }
        }

        return into;
    }

    /// <summary>The tenant: the first tenant claim holding a string, else (when configured) the last segment of the issuer's path.</summary>
    public static string? Tenant(JsonWebToken token, KindRules rules)
    {
        foreach (var path in rules.TenantClaims)
        {
            var values = Values(token, [path], split: false);
            if (values.Count == 1)
            {
                return values.First();
            }
        }

        if (rules.TenantFromIssuer && Uri.TryCreate(token.Issuer, UriKind.Absolute, out var issuer))
        {
            return issuer.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        }

        return null;
    }

    /// <summary>The calling service; its scope set is read-only, as the identity is shared through the verified-token cache.</summary>
    public static ServiceIdentity ToServiceIdentity(JsonWebToken token, KindRules rules, string serviceId, ServiceCredentialKind credential) =>
        new(serviceId, ReadOnly(Values(token, rules.ScopeClaims, split: true)), Tenant(token, rules), TokenId(token), token.ValidTo, credential);

    /// <summary>
    /// The user; its sets are read-only, as the identity is shared through the verified-token cache. <paramref name="actors"/>
    /// is the token's delegation chain, already read and checked (<c>Delegation/ActorChain</c>).
    /// </summary>
    public static UserIdentity ToUserIdentity(JsonWebToken token, KindRules rules, string userId, IReadOnlyList<string>? actors = null) =>
        new(userId, Tenant(token, rules), ReadOnly(Values(token, rules.PermissionClaims, split: false)), ReadOnly(Values(token, rules.RoleClaims, split: false)), TokenId(token), token.ValidTo, actors);

    private static void AddAt(JsonElement element, string[] segments, HashSet<string> into, bool split)
    {
        for (var i = 1; i < segments.Length; i++)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segments[i], out element))
            {
                return;
            }
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            Add(into, element.GetString()!, split);
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    Add(into, item.GetString()!, split);
                }
            }
        }
    }

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
