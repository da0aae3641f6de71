namespace S2SAuth.ForwardedCertificates;

/// <summary>
/// Parses RFC 9440's fields strictly: <c>Client-Cert</c> is one RFC 8941 Byte Sequence (<c>:base64-DER:</c>), and
/// <c>Client-Cert-Chain</c> a List of them (it may be split over several field lines). Parameters, other item types,
/// characters outside base64, and sizes past the caps are malformed. Written by hand: .NET has no RFC 8941 parser, and
/// these two shapes need a few lines.
/// </summary>
internal static class ClientCertHeaderParser
{
    /// <summary>A longer <c>Client-Cert</c> value is refused.</summary>
    public const int MaxCertificateLength = 16 * 1024;

    /// <summary>A longer <c>Client-Cert-Chain</c> (all field lines together) is refused.</summary>
    public const int MaxChainLength = 32 * 1024;

    /// <summary>A chain with more certificates is refused.</summary>
    public const int MaxChainCertificates = 8;

    /// <summary>The DER bytes of a <c>Client-Cert</c> value, or null with <paramref name="error"/>.</summary>
    public static byte[]? ParseCertificate(string value, out string? error)
    {
        if (value.Length > MaxCertificateLength)
        {
            error = $"The Client-Cert header is longer than {MaxCertificateLength} characters.";
            return null;
        }

        var text = value.AsSpan().Trim(' ');
        var i = 0;
        var der = ReadByteSequence(text, ref i);
        if (der is null || i != text.Length)
        {
            error = "The Client-Cert header is not a single RFC 8941 byte sequence (:base64 DER:).";
            return null;
        }

        error = null;
        return der;
    }

    /// <summary>The DER bytes of each certificate in the <c>Client-Cert-Chain</c> field lines, or null with <paramref name="error"/>.</summary>
    public static List<byte[]>? ParseChain(IReadOnlyList<string?> lines, out string? error)
    {
        var total = 0;
        var chain = new List<byte[]>();
        foreach (var line in lines)
        {
            total += line?.Length ?? 0;
            if (total > MaxChainLength)
            {
                error = $"The Client-Cert-Chain header is longer than {MaxChainLength} characters.";
                return null;
            }

            if (!ParseList(line.AsSpan().Trim(' '), chain, out error))
            {
                return null;
            }
        }

        error = null;
        return chain;
    }

    private static bool ParseList(ReadOnlySpan<char> text, List<byte[]> chain, out string? error)
    {
        error = "The Client-Cert-Chain header is not an RFC 8941 list of byte sequences (:base64 DER:, ...).";
        var i = 0;
        while (i < text.Length)
        {
            var der = ReadByteSequence(text, ref i);
            if (der is null)
            {
                return false;
            }

            if (chain.Count == MaxChainCertificates)
            {
                error = $"The Client-Cert-Chain header has more than {MaxChainCertificates} certificates.";
                return false;
            }

            chain.Add(der);
            i = SkipSpace(text, i);
            if (i == text.Length)
            {
                break;
            }

            if (text[i] != ',')
            {
                return false;
            }

            i = SkipSpace(text, i + 1);
            if (i == text.Length)
            {
                return false; // a trailing comma
            }
        }

        error = null;
        return true;
    }

    /// <summary>RFC 8941 §4.2.7: ':' base64 ':' (padding may be missing); null when it is not one.</summary>
    private static byte[]? ReadByteSequence(ReadOnlySpan<char> text, ref int i)
    {
        if (i >= text.Length || text[i] != ':')
        {
            return null;
        }

        var end = text[(i + 1)..].IndexOf(':');
        if (end <= 0)
        {
            return null;
        }

        var body = text.Slice(i + 1, end);
        foreach (var c in body)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return null;
            }
        }

        var padded = (body.Length % 4) switch
        {
            0 => body.ToString(),
            2 => string.Concat(body, "=="),
            3 => string.Concat(body, "="),
            _ => null,
        };
        var bytes = new byte[body.Length * 3 / 4 + 3];
        if (padded is null || !Convert.TryFromBase64String(padded, bytes, out var written))
        {
            return null;
        }

        i += end + 2;
        return bytes[..written];
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
