using S2SAuth.Client.Http;

namespace S2SAuth.CertificateRevocation;

/// <summary>
/// One entry of <c>ServiceAuth:Certificates:RevocationLists</c>: an absolute http(s) URL, or a file path (absolute, or
/// relative to the process's current directory).
/// </summary>
internal sealed record RevocationListSource(int Index, Uri? Url, string? Path)
{
    /// <summary>The configuration key naming this source, for messages and log lines (never the URL itself).</summary>
    public string Key => $"{ServiceAuthOptions.SectionName}:Certificates:RevocationLists:{Index}";

    /// <summary>Reads entry <paramref name="index"/>; <see langword="null"/> with a reason when it is neither a usable URL nor a path.</summary>
    public static RevocationListSource? Parse(int index, string? value, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "is empty";
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            {
                error = $"uses the scheme '{uri.Scheme}': only http(s) URLs and file paths are supported";
                return null;
            }

            if (uri.UserInfo.Length > 0)
            {
                error = "carries user info: credentials in a revocation list URL are not supported";
                return null;
            }

            return new RevocationListSource(index, uri, null);
        }

        try
        {
            return new RevocationListSource(index, null, System.IO.Path.GetFullPath(value));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
            error = "is not a valid file path";
            return null;
        }
    }

    /// <summary>Every configured source, skipping invalid ones (start-up validation reports those).</summary>
    public static IReadOnlyList<RevocationListSource> ParseAll(IList<string>? values)
    {
        var sources = new List<RevocationListSource>();
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            if (Parse(i, values![i], out _) is { } source)
            {
                sources.Add(source);
            }
        }

        return sources;
    }

    /// <summary>Whether this URL may be fetched: https, or http on loopback when <c>RequireHttpsMetadata</c> is off.</summary>
    public bool IsAcceptableUrl(bool requireHttps) => Url is not null && UrlRules.IsAcceptable(Url, requireHttps);
}
