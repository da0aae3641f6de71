namespace S2SAuth.Introspection;

/// <summary>
/// What the issuer's introspection endpoint answered about one token (RFC 7662 §2.2): whether it is active and, for an
/// active token, the registered claims the answer holds (any may be absent). Holds nothing of the token's text.
/// </summary>
internal sealed record IntrospectionAnswer(bool Active, string? Issuer, string? Subject, string? TokenId, IReadOnlyList<string> Audiences, DateTimeOffset? ExpiresAt)
{
    /// <summary>The most JSON text of an active answer kept as <see cref="Claims"/>: a larger answer cannot vouch for a reference token.</summary>
    public const int MaxClaimsLength = 16 * 1024;

    /// <summary>
    /// The active answer's JSON object as the issuer sent it (at most <see cref="MaxClaimsLength"/> characters), what a
    /// reference (opaque) token's claims are read from; <see langword="null"/> otherwise. The cache keeps it only for
    /// reference tokens (a JWT's claims come from the verified token).
    /// </summary>
    public string? Claims { get; init; }

    public static IntrospectionAnswer Inactive { get; } = new(false, null, null, null, [], null);
}

/// <summary>
/// The outcome of one introspection: an <see cref="IntrospectionAnswer"/>, or the reason none could be had
/// (<c>unreachable</c>, <c>timeout</c>, <c>http_503</c>, <c>invalid_answer</c>, <c>redirected</c>, <c>no_endpoint</c>...).
/// A failure is never cached and never lets a token through.
/// </summary>
internal readonly record struct IntrospectionOutcome(IntrospectionAnswer? Answer, string? FailureReason)
{
    public static IntrospectionOutcome Of(IntrospectionAnswer answer) => new(answer, null);

    public static IntrospectionOutcome Failed(string reason) => new(null, reason);
}

/// <summary>Asks the issuer about one token. <see cref="IntrospectionClient"/> in production; a test double in the cache's tests.</summary>
internal interface ITokenIntrospector
{
    /// <summary>Introspects <paramref name="token"/>; never throws for a failure of the issuer (answers a failure reason instead).</summary>
    Task<IntrospectionOutcome> IntrospectAsync(string token, CancellationToken cancellationToken);
}
