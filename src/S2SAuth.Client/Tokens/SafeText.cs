namespace S2SAuth.Client.Tokens;

/// <summary>Text from the issuer that may be logged or put in a message: error codes only, never free text.</summary>
internal static class SafeText
{
    private const int MaxLength = 64;

    /// <summary>An OAuth2 error code made of <c>[A-Za-z0-9._-]</c>, else <c>unrecognized_error</c>.</summary>
    public static string? ErrorCode(string? error)
    {
        if (string.IsNullOrEmpty(error))
        {
            return null;
        }

        if (error.Length > MaxLength)
        {
            return "unrecognized_error";
        }

        foreach (var c in error)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
            {
                return "unrecognized_error";
            }
        }

        return error;
    }
}
