namespace S2SAuth.ForwardedCertificates;

/// <summary>
/// Parses Envoy's <c>X-Forwarded-Client-Cert</c>: comma-separated elements (one per proxy, the nearest last), each
/// <c>;</c>-separated <c>key=value</c> pairs; keys case-insensitive (<c>By</c>, <c>Hash</c>, <c>Cert</c>, <c>Chain</c>,
/// <c>Subject</c>, <c>URI</c>, <c>DNS</c>); a value holding <c>,</c> <c>;</c> or <c>=</c> is double-quoted, with
/// <c>\"</c> for a quote. Only the last element is read. Strict and bounded: whatever does not fit is malformed, so
/// text a caller put before the proxy's own element (Envoy's <c>APPEND_FORWARD</c>) can only get the request refused,
/// never stand in for that element. Written by hand: no .NET library parses this format.
/// </summary>
internal static class XfccParser
{
    /// <summary>Longer headers are refused (a URL-encoded certificate and its chain fit easily).</summary>
    public const int MaxHeaderLength = 16 * 1024;

    /// <summary>More elements (proxy hops) are refused.</summary>
    public const int MaxElements = 16;

    /// <summary>More key-value pairs in the last element are refused.</summary>
    public const int MaxPairs = 64;

    private const int HashHexLength = 64;

    /// <summary>The last element of <paramref name="header"/>, or null with <paramref name="error"/> saying what is wrong (never quoting the value).</summary>
    public static XfccElement? ParseLast(string header, out string? error)
    {
        if (header.Length > MaxHeaderLength)
        {
            error = $"The X-Forwarded-Client-Cert header is longer than {MaxHeaderLength} characters.";
            return null;
        }

        if (!TryFindLastElement(header, out var start, out error))
        {
            return null;
        }

        var element = new XfccElement();
        return ParseElement(header.AsSpan(start), element, out error) ? element : null;
    }

    /// <summary>Walks every element (quotes must balance in each), counting them, and finds where the last one starts.</summary>
    private static bool TryFindLastElement(string header, out int lastStart, out string? error)
    {
        lastStart = 0;
        var elements = 1;
        var inQuotes = false;
        for (var i = 0; i < header.Length; i++)
        {
            var c = header[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }

                continue;
            }

            if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == ',')
            {
                if (++elements > MaxElements)
                {
                    error = $"The X-Forwarded-Client-Cert header has more than {MaxElements} elements.";
                    return false;
                }

                lastStart = i + 1;
            }
        }

        if (inQuotes)
        {
            error = "The X-Forwarded-Client-Cert header has an unterminated quoted value.";
            return false;
        }

        error = null;
        return true;
    }

    private static bool ParseElement(ReadOnlySpan<char> text, XfccElement element, out string? error)
    {
        var pairs = 0;
        var i = 0;
        while (true)
        {
            i = SkipSpace(text, i);
            var keyStart = i;
            while (i < text.Length && text[i] is not ('=' or ';' or '"'))
            {
                i++;
            }

            var key = text[keyStart..i].TrimEnd(" \t");
            if (key.Length == 0 || i == text.Length || text[i] != '=')
            {
                error = "The X-Forwarded-Client-Cert header's last element has a pair that is not key=value.";
                return false;
            }

            i = SkipSpace(text, i + 1);
            string value;
            if (i < text.Length && text[i] == '"')
            {
                if (!ReadQuoted(text, ref i, out value))
                {
                    error = "The X-Forwarded-Client-Cert header's last element has a malformed quoted value.";
                    return false;
                }

                i = SkipSpace(text, i);
                if (i < text.Length && text[i] != ';')
                {
                    error = "The X-Forwarded-Client-Cert header's last element has text after a quoted value.";
                    return false;
                }
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ';')
                {
                    if (text[i] == '"' || char.IsControl(text[i]))
                    {
                        error = "The X-Forwarded-Client-Cert header's last element has a value with a stray quote or control character.";
                        return false;
                    }

                    i++;
                }

                value = text[valueStart..i].TrimEnd(" \t").ToString();
            }

            if (++pairs > MaxPairs)
            {
                error = $"The X-Forwarded-Client-Cert header's last element has more than {MaxPairs} pairs.";
                return false;
            }

            if (!Assign(element, key, value, out error))
            {
                return false;
            }

            if (i == text.Length)
            {
                break;
            }

            i++; // ';'
        }

        if (element.Hash is null)
        {
            error = "The X-Forwarded-Client-Cert header's last element has no Hash.";
            return false;
        }

        error = null;
        return true;
    }

    private static bool ReadQuoted(ReadOnlySpan<char> text, ref int i, out string value)
    {
        var builder = new System.Text.StringBuilder();
        for (i++; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                i++;
                value = builder.ToString();
                return true;
            }

            if (c == '\\')
            {
                if (++i == text.Length)
                {
                    break;
                }

                c = text[i];
            }

            if (char.IsControl(c))
            {
                break;
            }

            builder.Append(c);
        }

        value = string.Empty;
        return false;
    }

    private static bool Assign(XfccElement element, ReadOnlySpan<char> key, string value, out string? error)
    {
        error = null;
        if (key.Equals("By", StringComparison.OrdinalIgnoreCase))
        {
            element.By.Add(value);
        }
        else if (key.Equals("Hash", StringComparison.OrdinalIgnoreCase))
        {
            if (element.Hash is not null)
            {
                error = "The X-Forwarded-Client-Cert header's last element has more than one Hash.";
            }
            else if (value.Length != HashHexLength || !IsHex(value))
            {
                error = "The X-Forwarded-Client-Cert header's Hash is not a hex SHA-256 digest (64 hex digits).";
            }
            else
            {
                element.Hash = Convert.FromHexString(value);
            }
        }
        else if (key.Equals("Cert", StringComparison.OrdinalIgnoreCase))
        {
            error = SetOnce(element.Cert, "Cert");
            element.Cert = value;
        }
        else if (key.Equals("Chain", StringComparison.OrdinalIgnoreCase))
        {
            error = SetOnce(element.Chain, "Chain");
            element.Chain = value;
        }
        else if (key.Equals("Subject", StringComparison.OrdinalIgnoreCase))
        {
            error = SetOnce(element.Subject, "Subject");
            element.Subject = value;
        }
        else if (key.Equals("URI", StringComparison.OrdinalIgnoreCase))
        {
            if (value.Length > 0)
            {
                element.Uris.Add(value);
            }
        }
        else if (key.Equals("DNS", StringComparison.OrdinalIgnoreCase))
        {
            if (value.Length == 0)
            {
                error = "The X-Forwarded-Client-Cert header has an empty DNS value.";
            }

            element.DnsNames.Add(value);
        }
        else
        {
            error = "The X-Forwarded-Client-Cert header's last element has an unknown key.";
        }

        return error is null;
    }

    private static string? SetOnce(string? current, string key) =>
        current is null ? null : $"The X-Forwarded-Client-Cert header's last element has more than one {key}.";

    private static bool IsHex(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int SkipSpace(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }
}
