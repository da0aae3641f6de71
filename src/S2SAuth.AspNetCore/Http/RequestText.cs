using System.Buffers;
using System.Globalization;
using System.Text;

namespace S2SAuth.Http;

/// <summary>
/// The one rule for ids a caller sends that S2SAuth keeps, echoes or logs (correlation and request ids, a requested
/// tenant): 1–128 characters of <c>[A-Za-z0-9._:-]</c> (<see cref="RequestIds"/>, where the request's context is made).
/// And the one escape for any other caller text that reaches a log
/// line: printable ASCII is kept, everything else (CR, LF, other controls, non-ASCII) becomes <c>\uXXXX</c>, so no
/// caller can start a line of its own. Escaping is idempotent (escaped text passes unchanged), so values escaped where
/// they are read can be escaped again where they are written.
/// </summary>
internal static class RequestText
{
    public const int MaxIdLength = RequestIds.MaxLength;

    // ' ' through '~': printable ASCII.
    private static readonly SearchValues<char> Printable =
        SearchValues.Create(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).ToArray());

    /// <summary>Whether <paramref name="value"/> is a valid id: 1–128 characters of <c>[A-Za-z0-9._:-]</c>.</summary>
    public static bool IsValidId(ReadOnlySpan<char> value) => RequestIds.IsValid(value);

    /// <summary>
    /// <paramref name="value"/> safe for a log line: the same instance when it is printable ASCII and not longer than
    /// <paramref name="maxLength"/>; else its first <paramref name="maxLength"/> characters escaped
    /// (<c>\uXXXX</c>), followed by <c>...</c> when it was cut.
    /// </summary>
    public static string? Escape(string? value, int maxLength = int.MaxValue)
    {
        if (value is null || (value.Length <= maxLength && !value.AsSpan().ContainsAnyExcept(Printable)))
        {
            return value;
        }

        var cut = value.Length > maxLength;
        var text = cut ? value.AsSpan(0, maxLength) : value.AsSpan();
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Printable.Contains(c))
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return cut ? escaped.Append("...").ToString() : escaped.ToString();
    }
}
