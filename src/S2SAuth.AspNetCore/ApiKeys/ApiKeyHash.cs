using System.Security.Cryptography;
using System.Text;

namespace S2SAuth.ApiKeys;

/// <summary>
/// The stored form of an API key: <c>sha256:</c> and the SHA-256 of the whole key's UTF-8 bytes, written as 64 hex digits
/// (what <c>sha256sum</c> prints) or base64 / base64url (what <c>openssl dgst -binary | base64</c> prints). A fast hash
/// is right here: the key carries at least 256 random bits, so nothing can be gained by brute force, and a slow KDF
/// would only make every request (and every forged one) expensive.
/// </summary>
internal static class ApiKeyHash
{
    public const string Prefix = "sha256:";

    /// <summary>Parses a configured hash to its 32 bytes; <see langword="null"/> when it is not well-formed.</summary>
    public static byte[]? Parse(string? value)
    {
        if (value is null || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var text = value.AsSpan(Prefix.Length).Trim();
        var bytes = new byte[32];
        if (text.Length == 64)
        {
            return Convert.FromHexString(text, bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == 32 ? bytes : null;
        }

        if (text.Length is 43 or 44)
        {
            Span<char> standard = stackalloc char[44];
            text.CopyTo(standard);
            for (var i = 0; i < text.Length; i++)
            {
                standard[i] = standard[i] switch { '-' => '+', '_' => '/', var c => c };
            }

            if (text.Length == 43)
            {
                standard[43] = '=';
            }

            return Convert.TryFromBase64Chars(standard, bytes, out var written) && written == 32 ? bytes : null;
        }

        return null;
    }

    /// <summary>The SHA-256 of <paramref name="key"/> (at most <see cref="ApiKeyFormat.MaxLength"/> ASCII characters) into <paramref name="hash"/>.</summary>
    public static void Compute(ReadOnlySpan<char> key, Span<byte> hash)
    {
        Span<byte> utf8 = stackalloc byte[ApiKeyFormat.MaxLength * 3];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        SHA256.HashData(utf8[..length], hash);
    }
}
