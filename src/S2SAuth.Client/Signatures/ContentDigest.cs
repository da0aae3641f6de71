using System.Security.Cryptography;
using System.Text;

namespace S2SAuth.Client.Signatures;

/// <summary>
/// The <c>Content-Digest</c> field (RFC 9530 §2): an RFC 8941 dictionary of algorithm → byte sequence, computed over
/// the raw content bytes. Supports sha-256 and sha-512 (RFC 9530 §5 "standard"); other algorithms are ignored.
/// </summary>
internal static class ContentDigest
{
    public const string HeaderName = "Content-Digest";
    public const string Sha256 = "sha-256";
    public const string Sha512 = "sha-512";

    /// <summary>The header value for <paramref name="content"/>, e.g. <c>sha-256=:...:</c>.</summary>
    public static string Compute(ReadOnlySpan<byte> content, params string[] algorithms)
    {
        var builder = new StringBuilder();
        foreach (var algorithm in algorithms.Length == 0 ? [Sha256] : algorithms)
        {
            if (builder.Length > 0)
            {
                builder.Append(", ");
            }

            builder.Append(algorithm).Append('=');
            StructuredFieldWriter.AppendBareItem(builder, StructuredFieldItem.FromBytes(Hash(algorithm, content) ?? throw new ArgumentException($"Unsupported digest algorithm '{algorithm}'.", nameof(algorithms))));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Verifies the header against the raw content: it must parse, carry at least one supported algorithm, and every
    /// supported algorithm present must match (constant-time). Never throws.
    /// </summary>
    public static SignatureFailure Verify(string? headerValue, ReadOnlySpan<byte> content)
    {
        if (string.IsNullOrEmpty(headerValue))
        {
            return SignatureFailure.MissingDigest;
        }

        if (!StructuredFieldParser.TryParseDictionary(headerValue, out var dictionary) || dictionary.Count == 0)
        {
            return SignatureFailure.MalformedDigest;
        }

        var checkedAny = false;
        foreach (var (algorithm, member) in dictionary)
        {
            if (Hash(algorithm, content) is not { } expected)
            {
                continue;
            }

            if (member.Item is not { Kind: StructuredFieldKind.ByteSequence, Bytes: { } actual })
            {
                return SignatureFailure.MalformedDigest;
            }

            if (!CryptographicOperations.FixedTimeEquals(expected, actual))
            {
                return SignatureFailure.DigestMismatch;
            }

            checkedAny = true;
        }

        return checkedAny ? SignatureFailure.None : SignatureFailure.UnsupportedDigestAlgorithm;
    }

    private static byte[]? Hash(string algorithm, ReadOnlySpan<byte> content) => algorithm switch
    {
        Sha256 => SHA256.HashData(content),
        Sha512 => SHA512.HashData(content),
        _ => null,
    };
}
