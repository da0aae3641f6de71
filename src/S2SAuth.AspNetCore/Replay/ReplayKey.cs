using System.Security.Cryptography;
using System.Text;

namespace S2SAuth.Replay;

/// <summary>
/// A one-time value's key: SHA-256 over its kind (e.g. <c>webhook</c>, <c>nonce</c>), its scope (the provider name,
/// the signing key id) and the value, length-prefixed so no two triples collide. Fixed size whatever the caller sent,
/// and never the value itself, so neither memory nor Redis keys grow with, or reveal, caller text.
/// </summary>
internal readonly record struct ReplayKey
{
    private ReplayKey(UInt128 high, UInt128 low)
    {
        High = high;
        Low = low;
    }

    /// <summary>The first 16 bytes of the hash.</summary>
    public UInt128 High { get; }

    /// <summary>The last 16 bytes of the hash.</summary>
    public UInt128 Low { get; }

    public static ReplayKey For(string kind, string scope, string value) => For(kind, scope, Encoding.UTF8.GetBytes(value));

    public static ReplayKey For(string kind, string scope, ReadOnlySpan<byte> value)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, Encoding.UTF8.GetBytes(kind));
        Append(hash, Encoding.UTF8.GetBytes(scope));
        Append(hash, value);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return new ReplayKey(
            new UInt128(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest), System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest[8..])),
            new UInt128(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest[16..]), System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest[24..])));
    }

    /// <summary>The hash as lowercase hex (64 characters), for stores keyed by text.</summary>
    public override string ToString() => $"{High:x32}{Low:x32}";

    private static void Append(IncrementalHash hash, ReadOnlySpan<byte> part)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, part.Length);
        hash.AppendData(length);
        hash.AppendData(part);
    }
}
