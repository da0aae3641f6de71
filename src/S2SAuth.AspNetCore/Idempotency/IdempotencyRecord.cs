using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace S2SAuth.Idempotency;

/// <summary>
/// The bytes a store keeps for one key (the same in memory and on Redis), version 1:
/// a claim is <c>01 | 16 random bytes | fingerprint(32)</c> — unique per run, so only its owner can complete or release
/// it; a stored response is <c>02 | fingerprint(32) | status(u16) | body stored(u8) | header count(u16) | (name length(u16)
/// name, value length(u16) value)* | body length(i32) | body</c>, names and values in UTF-8. The fingerprint is the
/// SHA-256 of the request (<see cref="IdempotencyRequest"/>).
/// </summary>
internal static class IdempotencyRecord
{
    public const int FingerprintLength = 32;
    private const byte ClaimKind = 1;
    private const byte ResponseKind = 2;
    private const int ClaimNonceLength = 16;

    public static byte[] NewClaim(ReadOnlySpan<byte> fingerprint)
    {
        var claim = new byte[1 + ClaimNonceLength + FingerprintLength];
        claim[0] = ClaimKind;
        RandomNumberGenerator.Fill(claim.AsSpan(1, ClaimNonceLength));
        fingerprint.CopyTo(claim.AsSpan(1 + ClaimNonceLength));
        return claim;
    }

    public static byte[] Response(ReadOnlySpan<byte> fingerprint, StoredResponse response)
    {
        var size = 1 + FingerprintLength + 2 + 1 + 2 + 4 + (response.BodyStored ? response.Body.Length : 0);
        foreach (var (name, value) in response.Headers)
        {
            size += 4 + Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value);
        }

        var bytes = new byte[size];
        var span = bytes.AsSpan();
        span[0] = ResponseKind;
        fingerprint.CopyTo(span[1..]);
        var at = 1 + FingerprintLength;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)response.Status);
        span[at + 2] = response.BodyStored ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(span[(at + 3)..], (ushort)response.Headers.Count);
        at += 5;
        foreach (var (name, value) in response.Headers)
        {
            at += WriteText(span[at..], name);
            at += WriteText(span[at..], value);
        }

        var body = response.BodyStored ? response.Body.Span : [];
        BinaryPrimitives.WriteInt32BigEndian(span[at..], body.Length);
        body.CopyTo(span[(at + 4)..]);
        return bytes;
    }

    /// <summary>Reads a value a store holds; throws <see cref="FormatException"/> when it is not a record of this version.</summary>
    public static Entry Read(byte[] value)
    {
        try
        {
            var span = value.AsSpan();
            if (span.Length == 1 + ClaimNonceLength + FingerprintLength && span[0] == ClaimKind)
            {
                return new Entry(span[(1 + ClaimNonceLength)..].ToArray(), null);
            }

            if (span.Length < 1 + FingerprintLength + 9 || span[0] != ResponseKind)
            {
                throw new FormatException("Not an idempotency record.");
            }

            var fingerprint = span.Slice(1, FingerprintLength).ToArray();
            var at = 1 + FingerprintLength;
            var status = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
            var bodyStored = span[at + 2] == 1;
            int count = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 3)..]);
            at += 5;
            var headers = new KeyValuePair<string, string>[count];
            for (var i = 0; i < count; i++)
            {
                var name = ReadText(span, ref at);
                headers[i] = new(name, ReadText(span, ref at));
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(span[at..]);
            if (length < 0 || at + 4 + length != span.Length)
            {
                throw new FormatException("Idempotency record length mismatch.");
            }

            return new Entry(fingerprint, new StoredResponse(status, headers, value.AsMemory(at + 4, length), bodyStored));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException("Truncated idempotency record.", e);
        }
    }

    private static int WriteText(Span<byte> span, string text)
    {
        var written = Encoding.UTF8.GetBytes(text, span[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)written);
        return 2 + written;
    }

    private static string ReadText(ReadOnlySpan<byte> span, ref int at)
    {
        int length = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
        var text = Encoding.UTF8.GetString(span.Slice(at + 2, length));
        at += 2 + length;
        return text;
    }

    /// <summary>What a key holds: the request fingerprint, and the stored response (<see langword="null"/> while claimed).</summary>
    public sealed record Entry(byte[] Fingerprint, StoredResponse? Response);
}

/// <summary>A stored first response: status, the stored headers, and the body (empty and not replayable when <see cref="BodyStored"/> is false).</summary>
internal sealed record StoredResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Body, bool BodyStored);
