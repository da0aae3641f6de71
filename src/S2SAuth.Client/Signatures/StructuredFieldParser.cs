using System.Globalization;

namespace S2SAuth.Client.Signatures;

/// <summary>
/// A strict, bounded reader for the RFC 8941 subset HTTP Message Signatures and Content-Digest need: dictionaries whose
/// members are items or inner lists, with parameters; bare items are integers, strings, tokens, byte sequences and
/// booleans. Decimals and anything else make the whole field invalid. Never throws: bad input returns false.
/// </summary>
internal static class StructuredFieldParser
{
    internal const int MaxFieldLength = 8192;
    internal const int MaxMembers = 32;
    internal const int MaxInnerListItems = 64;
    internal const int MaxParameters = 16;
    internal const int MaxStringLength = 1024;

    /// <summary>Parses an RFC 8941 §4.2.2 dictionary; a repeated key keeps the last value, in its first position.</summary>
    public static bool TryParseDictionary(string? input, out IReadOnlyList<KeyValuePair<string, StructuredFieldMember>> dictionary) =>
        TryParseDictionary(input, out dictionary, out _);

    /// <summary>As above, and says whether a key was repeated (a receiver may refuse the ambiguity, e.g. a signature label sent twice).</summary>
    public static bool TryParseDictionary(string? input, out IReadOnlyList<KeyValuePair<string, StructuredFieldMember>> dictionary, out bool repeatedKey)
    {
        dictionary = [];
        repeatedKey = false;
        if (input is null || input.Length > MaxFieldLength)
        {
            return false;
        }

        var members = new List<KeyValuePair<string, StructuredFieldMember>>();
        var position = 0;
        SkipSpaces(input, ref position);
        while (position < input.Length)
        {
            if (!TryParseKey(input, ref position, out var key))
            {
                return false;
            }

            StructuredFieldMember member;
            if (position < input.Length && input[position] == '=')
            {
                position++;
                if (position < input.Length && input[position] == '(')
                {
                    if (!TryParseInnerList(input, ref position, out var list))
                    {
                        return false;
                    }

                    member = new StructuredFieldMember { InnerList = list };
                }
                else
                {
                    if (!TryParseItem(input, ref position, out var item))
                    {
                        return false;
                    }

                    member = new StructuredFieldMember { Item = item };
                }
            }
            else
            {
                if (!TryParseParameters(input, ref position, out var parameters))
                {
                    return false;
                }

                member = new StructuredFieldMember
                {
                    Item = new StructuredFieldItem { Kind = StructuredFieldKind.Boolean, Boolean = true, Parameters = parameters },
                };
            }

            var existing = members.FindIndex(m => m.Key == key);
            if (existing >= 0)
            {
                repeatedKey = true;
                members[existing] = new(key, member);
            }
            else
            {
                if (members.Count == MaxMembers)
                {
                    return false;
                }

                members.Add(new(key, member));
            }

            SkipOptionalWhitespace(input, ref position);
            if (position == input.Length)
            {
                break;
            }

            if (input[position] != ',')
            {
                return false;
            }

            position++;
            SkipOptionalWhitespace(input, ref position);
            if (position == input.Length)
            {
                return false; // trailing comma
            }
        }

        dictionary = members;
        return true;
    }

    /// <summary>Parses a whole field that is one inner list (used for the @signature-params value in tests).</summary>
    public static bool TryParseInnerListField(string? input, out StructuredFieldInnerList? list)
    {
        list = null;
        if (input is null || input.Length > MaxFieldLength)
        {
            return false;
        }

        var position = 0;
        SkipSpaces(input, ref position);
        if (!TryParseInnerList(input, ref position, out list))
        {
            return false;
        }

        SkipSpaces(input, ref position);
        return position == input.Length;
    }

    private static bool TryParseInnerList(string input, ref int position, out StructuredFieldInnerList? list)
    {
        list = null;
        if (position >= input.Length || input[position] != '(')
        {
            return false;
        }

        position++;
        var items = new List<StructuredFieldItem>();
        while (position < input.Length)
        {
            SkipSpaces(input, ref position);
            if (position < input.Length && input[position] == ')')
            {
                position++;
                if (!TryParseParameters(input, ref position, out var parameters))
                {
                    return false;
                }

                list = new StructuredFieldInnerList { Items = items, Parameters = parameters };
                return true;
            }

            if (items.Count == MaxInnerListItems || !TryParseItem(input, ref position, out var item))
            {
                return false;
            }

            items.Add(item!);
            if (position < input.Length && input[position] != ' ' && input[position] != ')')
            {
                return false;
            }
        }

        return false;
    }

    private static bool TryParseItem(string input, ref int position, out StructuredFieldItem? item)
    {
        item = null;
        if (!TryParseBareItem(input, ref position, out var bare) || !TryParseParameters(input, ref position, out var parameters))
        {
            return false;
        }

        item = new StructuredFieldItem
        {
            Kind = bare!.Kind,
            Text = bare.Text,
            Bytes = bare.Bytes,
            Integer = bare.Integer,
            Boolean = bare.Boolean,
            Parameters = parameters,
        };
        return true;
    }

    private static bool TryParseParameters(string input, ref int position, out IReadOnlyList<KeyValuePair<string, StructuredFieldItem>> parameters)
    {
        parameters = [];
        List<KeyValuePair<string, StructuredFieldItem>>? list = null;
        while (position < input.Length && input[position] == ';')
        {
            position++;
            SkipSpaces(input, ref position);
            if (!TryParseKey(input, ref position, out var key))
            {
                return false;
            }

            StructuredFieldItem value = new() { Kind = StructuredFieldKind.Boolean, Boolean = true };
            if (position < input.Length && input[position] == '=')
            {
                position++;
                if (!TryParseBareItem(input, ref position, out var bare))
                {
                    return false;
                }

                value = bare!;
            }

            list ??= [];
            var existing = list.FindIndex(p => p.Key == key);
            if (existing >= 0)
            {
                list[existing] = new(key, value);
            }
            else
            {
                if (list.Count == MaxParameters)
                {
                    return false;
                }

                list.Add(new(key, value));
            }
        }

        if (list is not null)
        {
            parameters = list;
        }

        return true;
    }

    private static bool TryParseBareItem(string input, ref int position, out StructuredFieldItem? item)
    {
        item = null;
        if (position >= input.Length)
        {
            return false;
        }

        var c = input[position];
        if (c == '-' || char.IsAsciiDigit(c))
        {
            return TryParseInteger(input, ref position, out item);
        }

        if (c == '"')
        {
            return TryParseString(input, ref position, out item);
        }

        if (c == ':')
        {
            return TryParseByteSequence(input, ref position, out item);
        }

        if (c == '?')
        {
            if (position + 1 < input.Length && input[position + 1] is '0' or '1')
            {
                item = new StructuredFieldItem { Kind = StructuredFieldKind.Boolean, Boolean = input[position + 1] == '1' };
                position += 2;
                return true;
            }

            return false;
        }

        if (char.IsAsciiLetter(c) || c == '*')
        {
            var start = position;
            position++;
            while (position < input.Length && IsTokenChar(input[position]))
            {
                position++;
            }

            if (position - start > MaxStringLength)
            {
                return false;
            }

            item = new StructuredFieldItem { Kind = StructuredFieldKind.Token, Text = input[start..position] };
            return true;
        }

        return false;
    }

    private static bool TryParseInteger(string input, ref int position, out StructuredFieldItem? item)
    {
        item = null;
        var start = position;
        if (input[position] == '-')
        {
            position++;
        }

        var digitsStart = position;
        while (position < input.Length && char.IsAsciiDigit(input[position]))
        {
            position++;
        }

        var digits = position - digitsStart;
        if (digits is 0 or > 15 || (position < input.Length && input[position] == '.'))
        {
            return false; // RFC 8941 integers have at most 15 digits; decimals are outside this subset
        }

        if (!long.TryParse(input.AsSpan(start, position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        item = StructuredFieldItem.FromInteger(value);
        return true;
    }

    private static bool TryParseString(string input, ref int position, out StructuredFieldItem? item)
    {
        item = null;
        position++; // opening quote
        var builder = new System.Text.StringBuilder();
        while (position < input.Length)
        {
            var c = input[position++];
            if (c == '\\')
            {
                if (position >= input.Length || input[position] is not ('"' or '\\'))
                {
                    return false;
                }

                builder.Append(input[position++]);
            }
            else if (c == '"')
            {
                item = StructuredFieldItem.FromString(builder.ToString());
                return true;
            }
            else if (c < 0x20 || c > 0x7E)
            {
                return false;
            }
            else
            {
                builder.Append(c);
            }

            if (builder.Length > MaxStringLength)
            {
                return false;
            }
        }

        return false;
    }

    private static bool TryParseByteSequence(string input, ref int position, out StructuredFieldItem? item)
    {
        item = null;
        var end = input.IndexOf(':', position + 1);
        if (end < 0)
        {
            return false;
        }

        var encoded = input.AsSpan(position + 1, end - position - 1);
        foreach (var c in encoded)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return false;
            }
        }

        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(encoded, buffer, out var written))
        {
            return false;
        }

        item = StructuredFieldItem.FromBytes(buffer[..written]);
        position = end + 1;
        return true;
    }

    private static bool TryParseKey(string input, ref int position, out string key)
    {
        key = string.Empty;
        if (position >= input.Length || !(char.IsAsciiLetterLower(input[position]) || input[position] == '*'))
        {
            return false;
        }

        var start = position;
        while (position < input.Length && (char.IsAsciiLetterLower(input[position]) || char.IsAsciiDigit(input[position]) || input[position] is '_' or '-' or '.' or '*'))
        {
            position++;
        }

        if (position - start > 64)
        {
            return false;
        }

        key = input[start..position];
        return true;
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is ':' or '/' or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static void SkipSpaces(string input, ref int position)
    {
        while (position < input.Length && input[position] == ' ')
        {
            position++;
        }
    }

    private static void SkipOptionalWhitespace(string input, ref int position)
    {
        while (position < input.Length && input[position] is ' ' or '\t')
        {
            position++;
        }
    }
}
