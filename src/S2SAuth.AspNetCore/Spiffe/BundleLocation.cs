using S2SAuth.Client.Http;

namespace S2SAuth.Spiffe;

/// <summary>
/// Where one trust domain's JWT-SVID bundle is read from (a value of <c>ServiceAuth:Spiffe:JwtBundles</c>): an http(s)
/// URL, or a file path (absolute, relative to the working directory, or a <c>file:</c> URI).
/// </summary>
internal sealed record BundleLocation(Uri? Url, string? FilePath)
{
    /// <summary>Reads a configured value; <paramref name="problem"/> says what is wrong with it, without the value.</summary>
    public static bool TryParse(string? value, bool requireHttps, out BundleLocation location, out string? problem)
    {
        location = new BundleLocation(null, null);
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "is empty: give an https URL serving the trust domain's SPIFFE bundle or JWKS, or a file path";
            return false;
        }

        // On Unix "/etc/x" parses as an absolute file URI: a file either way.
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            {
                problem = $"uses the scheme '{uri.Scheme}': give an https URL or a file path";
                return false;
            }

            if (!UrlRules.IsAcceptable(uri, requireHttps))
            {
                problem = requireHttps
                    ? "uses http while ServiceAuth:RequireHttpsMetadata is true: use https (http only on loopback with RequireHttpsMetadata=false)"
                    : "uses http on a host that is not loopback: use https";
                return false;
            }

            location = new BundleLocation(uri, null);
            return true;
        }

        try
        {
            location = new BundleLocation(null, Path.GetFullPath(uri?.IsFile == true ? uri.LocalPath : value));
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            problem = "is neither an http(s) URL nor a valid file path";
            return false;
        }
    }
}
