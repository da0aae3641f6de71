namespace S2SAuth.Revocation;

/// <summary>
/// An issuer and a value (a <c>jti</c>, or a subject). Hashed on the value alone (ids rarely repeat across issuers), so a
/// lookup hashes one string; equality is ordinal on both.
/// </summary>
internal readonly struct RevocationKey(string issuer, string value) : IEquatable<RevocationKey>
{
    public string Issuer { get; } = issuer;

    public string Value { get; } = value;

    public bool Equals(RevocationKey other) => string.Equals(Value, other.Value, StringComparison.Ordinal) && string.Equals(Issuer, other.Issuer, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is RevocationKey other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);
}
