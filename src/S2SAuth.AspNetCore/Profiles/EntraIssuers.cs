namespace S2SAuth.Profiles;

/// <summary>
/// Microsoft Entra ID's issuers (public cloud): one tenant signs v1 access tokens as <c>https://sts.windows.net/{tid}/</c>
/// and v2 ones as <c>https://login.microsoftonline.com/{tid}/v2.0</c>, with the same keys; which one an API receives
/// is its app registration's <c>accessTokenAcceptedVersion</c>, not the client's choice. Both are accepted for the one
/// tenant configured, and a token's <c>tid</c> must be that tenant.
/// </summary>
internal static class EntraIssuers
{
    private const string V1Prefix = "https://sts.windows.net/";
    private const string V2Prefix = "https://login.microsoftonline.com/";
    private static readonly string[] MultiTenantSegments = ["common", "organizations", "consumers"];

    /// <summary>The issuers accepted for <paramref name="issuer"/>: itself, and its v1 or v2 sibling of the same tenant.</summary>
    public static string[] Accepted(string issuer)
    {
        var tenant = TenantOf(issuer);
        if (tenant is null)
        {
            return [issuer];
        }

        var v1 = V1Prefix + tenant + "/";
        var v2 = V2Prefix + tenant + "/v2.0";
        return string.Equals(issuer, v1, StringComparison.Ordinal) ? [v1, v2]
            : string.Equals(issuer, v2, StringComparison.Ordinal) ? [v2, v1]
            : [issuer];
    }

    /// <summary>The tenant id in an Entra issuer (its first path segment), when it is a GUID; else <see langword="null"/>.</summary>
    public static string? TenantOf(string? issuer)
    {
        if (issuer is null || !Uri.TryCreate(issuer, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var segment = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return segment is not null && Guid.TryParseExact(segment, "D", out _) ? segment : null;
    }

    /// <summary>
    /// Whether a discovery document's <paramref name="issuer"/> belongs to <paramref name="authority"/> on Entra's public
    /// cloud: the authority is on <c>login.microsoftonline.com</c> and may name the tenant by one of its domains
    /// (<c>contoso.onmicrosoft.com</c>), which the document answers with the tenant's GUID in the v1 or v2 issuer form.
    /// Other clouds set <c>ServiceAuth:Issuer</c> explicitly.
    /// </summary>
    public static bool IssuerFitsAuthority(string? issuer, string authority) =>
        issuer is not null && TenantOf(issuer) is not null && Accepted(issuer).Length == 2
        && authority.StartsWith(V2Prefix, StringComparison.OrdinalIgnoreCase)
        && (TenantOf(authority) is not { } named || string.Equals(named, TenantOf(issuer), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="authority"/> names one tenant, not a multi-tenant endpoint (<c>common</c>, <c>organizations</c>, <c>consumers</c>).</summary>
    public static bool NamesOneTenant(string authority)
    {
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var segment = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return segment is null || !MultiTenantSegments.Contains(segment, StringComparer.OrdinalIgnoreCase);
    }
}
