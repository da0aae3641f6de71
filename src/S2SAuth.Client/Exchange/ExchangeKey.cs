namespace S2SAuth.Client.Exchange;

/// <summary>
/// One exchanged token: the exact subject token (so two tokens can never share an answer, even with a reused
/// <c>jti</c>), the audience and the space-joined scopes asked for. Deliberately not a record: its text form must never
/// show the token.
/// </summary>
internal readonly struct ExchangeKey : IEquatable<ExchangeKey>
{
    public ExchangeKey(string subjectToken, string audience, string? scope)
    {
        SubjectToken = subjectToken;
        Audience = audience;
        Scope = scope;
    }

    public string SubjectToken { get; }

    public string Audience { get; }

    public string? Scope { get; }

    public bool Equals(ExchangeKey other) =>
        string.Equals(SubjectToken, other.SubjectToken, StringComparison.Ordinal)
        && string.Equals(Audience, other.Audience, StringComparison.Ordinal)
        && string.Equals(Scope, other.Scope, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ExchangeKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(SubjectToken, Audience, Scope);

    public override string ToString() => $"exchange for audience {Audience}, scopes {Scope ?? "(none)"}";
}
