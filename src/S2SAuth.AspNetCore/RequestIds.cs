using System.Buffers;

namespace S2SAuth;

/// <summary>
/// The request's ids: the headers they come in, the one rule for ids a caller sends that S2SAuth keeps, echoes or logs
/// (correlation and request ids, a requested tenant): 1–128 characters of <c>[A-Za-z0-9._:-]</c>, and new ids for
/// those that are missing or break the rule.
/// </summary>
internal static class RequestIds
{
    public const string CorrelationHeader = "X-Correlation-Id";
    public const string RequestHeader = "X-Request-Id";
    public const int MaxLength = 128;

    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:");

    /// <summary>Whether <paramref name="value"/> is a valid id: 1–128 characters of <c>[A-Za-z0-9._:-]</c>.</summary>
    public static bool IsValid(ReadOnlySpan<char> value) =>
        value.Length is > 0 and <= MaxLength && !value.ContainsAnyExcept(IdCharacters);

    /// <summary>
    /// 128 random bits as 32 lowercase hex characters. Ids must be unique, not secret: <see cref="Random.Shared"/> costs
    /// tens of nanoseconds where <see cref="Guid.NewGuid"/> asks the OS for entropy every time (~1.5 µs on a 2-core VM).
    /// </summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>The single valid id of a header, or a new one.</summary>
    public static string ValidOrNew(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 1 && values[0] is { } id && IsValid(id) ? id : New();
}
