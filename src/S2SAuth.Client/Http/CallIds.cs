namespace S2SAuth.Client.Http;

/// <summary>Correlation, request and idempotency ids.</summary>
internal static class CallIds
{
    private const int MaxIdLength = 128;

    /// <summary>
    /// 128 random bits as 32 lowercase hex characters. Ids must be unique, not secret: <see cref="Random.Shared"/>
    /// (seeded per thread by the OS) costs ~20 ns where <see cref="Guid.NewGuid"/> asks the OS every time (~1.5 µs here).
    /// </summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>An id from elsewhere is forwarded only when it is short and made of <c>[A-Za-z0-9._:-]</c>.</summary>
    public static bool IsValid(string? id)
    {
        if (id is not { Length: > 0 and <= MaxIdLength })
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
