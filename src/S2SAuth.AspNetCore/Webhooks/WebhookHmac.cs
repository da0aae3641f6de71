using System.Security.Cryptography;

namespace S2SAuth.Webhooks;

/// <summary>
/// HMAC-SHA256 over a short ASCII prefix followed by the raw body bytes, without copying the body, and the
/// constant-time comparison of a presented signature with it.
/// </summary>
internal static class WebhookHmac
{
    /// <summary>The HMAC-SHA256 length in bytes.</summary>
    public const int Length = 32;

    /// <summary>Writes HMAC-SHA256(<paramref name="key"/>, <paramref name="prefix"/> || <paramref name="body"/>) into <paramref name="destination"/>.</summary>
    public static void Compute(byte[] key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }

    /// <summary>
    /// Whether any of <paramref name="presented"/> (each <see cref="Length"/> bytes, concatenated) equals the HMAC of the
    /// content under any HMAC secret, each comparison in constant time.
    /// </summary>
    public static bool AnyMatches(IReadOnlyList<WebhookSecret> secrets, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, ReadOnlySpan<byte> presented)
    {
        if (presented.IsEmpty)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Length];
        foreach (var secret in secrets)
        {
            if (secret.HmacKey is not { } key)
            {
                continue;
            }

            Compute(key, prefix, body, expected);
            for (var offset = 0; offset + Length <= presented.Length; offset += Length)
            {
                if (CryptographicOperations.FixedTimeEquals(expected, presented.Slice(offset, Length)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Decodes <paramref name="hex"/> (exactly 64 hex digits) into <paramref name="destination"/>.</summary>
    public static bool TryDecodeHex(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        if (hex.Length != Length * 2)
        {
            return false;
        }

        try
        {
            return Convert.FromHexString(hex, destination, out _, out var written) == System.Buffers.OperationStatus.Done && written == Length;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Decodes <paramref name="base64"/> into exactly <paramref name="destination"/>'s length.</summary>
    public static bool TryDecodeBase64(ReadOnlySpan<char> base64, Span<byte> destination) =>
        Convert.TryFromBase64Chars(base64, destination, out var written) && written == destination.Length;
}
