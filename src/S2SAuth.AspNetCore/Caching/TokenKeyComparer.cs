namespace S2SAuth.Caching;

/// <summary>
/// Compares cache keys (whole tokens) ordinally, but hashes only their last <see cref="HashedTail"/> characters: the end
/// of the signature, which an issuer's signature makes unpredictable. Hashing 1–2 KB of token text on every request
/// cost more than the rest of the lookup; the tail is hashed with the process's randomized string hash, and every
/// entry in the table is issuer-signed, so no caller can line up many entries in one bucket. Equality stays exact.
/// </summary>
internal sealed class TokenKeyComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
{
    public const int HashedTail = 48;

    public static TokenKeyComparer Instance { get; } = new();

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<char> alternate) => Hash(alternate);

    public string Create(ReadOnlySpan<char> alternate) => new(alternate);

    private static int Hash(ReadOnlySpan<char> token) =>
        HashCode.Combine(token.Length, string.GetHashCode(token.Length <= HashedTail ? token : token[^HashedTail..], StringComparison.Ordinal));
}
