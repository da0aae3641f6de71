namespace S2SAuth.ApiKeys;

/// <summary>
/// The API key format: <c>s2s_&lt;key id&gt;_&lt;secret&gt;</c>, the key id <c>[a-z0-9-]{3,32}</c> (public, for lookup and
/// logs), the secret 43-128 base64url characters (at least 32 random bytes). The key id has no <c>_</c>, so the first
/// <c>_</c> after the prefix ends it; the secret may contain <c>_</c>.
/// </summary>
internal static class ApiKeyFormat
{
    public const string Prefix = "s2s_";
    public const int MinIdLength = 3;
    public const int MaxIdLength = 32;
    public const int MinSecretLength = 43;
    public const int MaxSecretLength = 128;

    /// <summary>The longest well-formed key; a longer header value is refused before it is parsed.</summary>
    public const int MaxLength = 4 + MaxIdLength + 1 + MaxSecretLength;

    /// <summary>Whether <paramref name="id"/> is a well-formed key id.</summary>
    public static bool IsValidId(ReadOnlySpan<char> id)
    {
        if (id.Length is < MinIdLength or > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses <paramref name="key"/>; on success <paramref name="idLength"/> is the length of the key id at offset 4.</summary>
    public static bool TryParse(ReadOnlySpan<char> key, out int idLength)
    {
        idLength = 0;
        if (key.Length > MaxLength || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key[Prefix.Length..];
        var end = rest.IndexOf('_');
        if (end < 0 || !IsValidId(rest[..end]))
        {
            return false;
        }

        var secret = rest[(end + 1)..];
        if (secret.Length is < MinSecretLength or > MaxSecretLength)
        {
            return false;
        }

        foreach (var c in secret)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        idLength = end;
        return true;
    }
}
