namespace S2SAuth.Client.Http;

/// <summary>Correlation, request and idempotency ids.</summary>
internal static class CallIds
{
    private const int MaxIdLength = 128;

    public static string NewId() => Guid.NewGuid().ToString("N");

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
