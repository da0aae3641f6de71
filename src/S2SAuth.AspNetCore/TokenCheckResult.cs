using System.Buffers;

namespace S2SAuth;

/// <summary>The answer of an <see cref="ITokenCheck"/>: let the token through, or refuse it with an error code and a safe detail.</summary>
public sealed class TokenCheckResult
{
    private const int MaxCodeLength = 64;
    private static readonly SearchValues<char> CodeCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_");

    private TokenCheckResult(string? code, string? detail)
    {
        Code = code;
        Detail = detail;
    }

    /// <summary>Lets the token through.</summary>
    public static TokenCheckResult Allow { get; } = new(null, null);

    /// <summary>Whether the token may be used for this request.</summary>
    public bool Allowed => Code is null;

    /// <summary>The error code of a refusal (the problem details' <c>code</c>), e.g. <c>token_revoked</c>; <see langword="null"/> when allowed.</summary>
    public string? Code { get; }

    /// <summary>The human-readable detail of a refusal, sent to the caller; <see langword="null"/> when allowed.</summary>
    public string? Detail { get; }

    /// <summary>Refuses the token: the request is answered 401 with <paramref name="code"/>.</summary>
    /// <param name="code">A stable error code: 1–64 characters of <c>[a-z0-9_]</c>, e.g. <c>token_revoked</c>.</param>
    /// <param name="detail">What the caller is told; S2SAuth's own words, never token content. Defaults to a generic sentence.</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> is empty, too long, or holds other characters.</exception>
    public static TokenCheckResult Refuse(string code, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length is 0 or > MaxCodeLength || code.AsSpan().ContainsAnyExcept(CodeCharacters))
        {
            throw new ArgumentException("An error code is 1-64 characters of [a-z0-9_], e.g. 'token_revoked'.", nameof(code));
        }

        return new TokenCheckResult(code, string.IsNullOrEmpty(detail) ? "The token was refused." : detail);
    }
}
