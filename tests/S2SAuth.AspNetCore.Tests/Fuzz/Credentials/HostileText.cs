using System.Text;
using CsCheck;

namespace S2SAuth.AspNetCore.Tests.Fuzz.Credentials;

/// <summary>
/// Generators of hostile header text: random text (ASCII, or with Latin-1 and other Unicode where the transport allows),
/// and mutations of a valid value (truncation, insertion, deletion, replacement, a repeated slice, a huge value).
/// </summary>
internal static class HostileText
{
    /// <summary>Characters an HTTP/1.1 server lets through in a header value (no CR, LF or NUL).</summary>
    public const string Ascii =
        " \t!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    /// <summary>Characters with structure in the parsed headers: separators, quotes, escapes, base64 and SF delimiters.</summary>
    public const string Structural = ",;=\":()<>\\ _-+/%.\t";

    /// <summary>Beyond ASCII: Latin-1, a combining mark, a right-to-left mark, a full-width digit, an emoji half and whole.</summary>
    public const string Unicode = "éÿ\u00a0\u0301\u200f\uff11\u2028€😀\ud83d";

    public static Gen<char> AsciiChar { get; } = Gen.Frequency((3, Gen.Char[Ascii]), (2, Gen.Char[Structural]));

    public static Gen<char> AnyChar { get; } = Gen.Frequency((3, Gen.Char[Ascii]), (2, Gen.Char[Structural]), (1, Gen.Char[Unicode]));

    /// <summary>Random text of <paramref name="chars"/>, mostly short, sometimes long.</summary>
    public static Gen<string> Random(Gen<char> chars) => Gen.Frequency(
        (6, Gen.String[chars, 0, 80]),
        (1, Gen.String[chars, 80, 2000]));

    /// <summary>A valid value with one to four mutations, or made huge.</summary>
    public static Gen<string> Mutated(string valid, Gen<char> chars) => Mutation(chars).Select(m => m.Apply(valid));

    /// <summary>Either random text or a mutation of <paramref name="valid"/>.</summary>
    public static Gen<string> Hostile(string valid, Gen<char> chars) => Hostile(chars).Select(m => m.Apply(valid));

    /// <summary>What <see cref="Mutated(string, Gen{char})"/> does, for values known only when the case runs.</summary>
    public static Gen<Change> Mutation(Gen<char> chars) => Gen.Frequency(
        (12, Gen.Select(Gen.Int[0, 6], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], chars).Array[1, 4].Select(ops => new Change(ops, 0, null))),
        (1, Gen.Int[2, 400].Select(n => new Change([], n, null))));

    /// <summary>What <see cref="Hostile(string, Gen{char})"/> does, for values known only when the case runs.</summary>
    public static Gen<Change> Hostile(Gen<char> chars) => Gen.Frequency((1, Random(chars).Select(r => new Change([], 0, r))), (4, Mutation(chars)));

    /// <summary>A change to a valid value: edits, a repetition to a huge value, or a replacement by random text.</summary>
    public sealed record Change((int Kind, int A, int B, char C)[] Edits, int Times, string? Replacement)
    {
        public string Apply(string valid) => Replacement ?? (Times > 0 ? Huge(valid, Times)
            : Edits.Aggregate(valid, static (text, op) => HostileText.Apply(text, op.Kind, op.A, op.B, op.C)));

        public override string ToString() => Replacement is not null ? $"random \"{Replacement}\""
            : Times > 0 ? $"repeated {Times} times"
            : "edits " + string.Join(' ', Edits.Select(static e => $"({e.Kind},{e.A},{e.B},U+{(int)e.C:X4})"));
    }

    private static string Huge(string valid, int times)
    {
        var text = new StringBuilder(valid.Length * times);
        for (var i = 0; i < times && text.Length < 64 * 1024; i++)
        {
            text.Append(valid);
        }

        return text.ToString();
    }

    private static string Apply(string text, int kind, int a, int b, char c)
    {
        var i = text.Length == 0 ? 0 : a % (text.Length + 1);
        var j = text.Length == 0 ? 0 : b % (text.Length + 1);
        var (from, to) = i <= j ? (i, j) : (j, i);
        return kind switch
        {
            0 => text[..i], // truncated
            1 => text.Insert(i, c.ToString()),
            2 => i < text.Length ? text.Remove(i, 1) : text,
            3 => i < text.Length ? string.Concat(text.AsSpan(0, i), c.ToString(), text.AsSpan(i + 1)) : text + c,
            4 => text.Insert(to, text[from..to]), // a slice repeated
            5 => text.Remove(from, to - from), // a slice cut out
            _ => i < text.Length ? string.Concat(text.AsSpan(0, i), char.IsUpper(text[i]) ? char.ToLowerInvariant(text[i]).ToString() : char.ToUpperInvariant(text[i]).ToString(), text.AsSpan(i + 1)) : text,
        };
    }
}
