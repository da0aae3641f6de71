using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace S2SAuth.Verification;

/// <summary>
/// The strict pre-check of a compact JWS (RFC 7515 §7.1, RFC 7519 §7.2, RFC 8725 §3), run on the raw text before
/// IdentityModel parses it (IdentityModel converts some spellings silently: a string <c>exp</c>, padded base64url...).
/// Only on a first sight of a token: a verified-token cache hit never comes here. Refusals are <c>token_malformed</c>
/// with a detail naming the segment or member, never its value. Checked:
/// <list type="bullet">
/// <item>exactly three segments, each canonical base64url (no padding, alphabet only, length not 1 mod 4, zero trailing bits);</item>
/// <item>header and payload: valid UTF-8 without BOM, one JSON object, no duplicate member name at any depth, depth at most 64;</item>
/// <item>payload: <c>exp</c>/<c>iat</c>/<c>nbf</c> JSON numbers (RFC 7519 NumericDate: fractions allowed; a value out of range is refused later); <c>iss</c>/<c>sub</c>/<c>jti</c>
/// strings; <c>aud</c> a string or an array of strings (an empty array passes here: it names no audience, refused later);</item>
/// <item>header: <c>alg</c>/<c>kid</c>/<c>typ</c> strings, <c>crit</c> an array of strings.</item>
/// </list>
/// A string that is not recognisably a JWS at all (not three segments, or a header segment that is not base64url of
/// something starting like a JSON object) is answered <see cref="VerificationResult.NotAJws"/>, so a reference token may
/// still be introspected.
/// </summary>
internal static class StrictJws
{
    /// <summary>The deepest nesting of a header or payload.</summary>
    public const int MaxDepth = 64;

    private const int StackLimit = 1024;

    /// <summary>Checks <paramref name="token"/>; <see langword="default"/> (succeeded) when it passes.</summary>
    public static VerificationResult Check(ReadOnlySpan<char> token)
    {
        var first = token.IndexOf('.');
        var rest = first < 0 ? default : token[(first + 1)..];
        var second = first < 0 ? -1 : rest.IndexOf('.');
        if (first < 0 || second < 0 || rest[(second + 1)..].Contains('.'))
        {
            return VerificationResult.NotAJws();
        }

        var header = token[..first];
        var payload = rest[..second];
        var signature = rest[(second + 1)..];
        if (!IsCanonical(header))
        {
            return VerificationResult.NotAJws();
        }

        if (!IsCanonical(payload))
        {
            return Malformed("The token's payload segment is not canonical base64url.");
        }

        if (!IsCanonical(signature))
        {
            return Malformed("The token's signature segment is not canonical base64url.");
        }

        var headerResult = CheckSegment(header, isHeader: true);
        return headerResult.Succeeded ? CheckSegment(payload, isHeader: false) : headerResult;
    }

    /// <summary>RFC 4648 §5 without padding (RFC 7515 §2), in its one canonical spelling (§3.5: zero pad bits).</summary>
    internal static bool IsCanonical(ReadOnlySpan<char> segment)
    {
        if (segment.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (Value(c) < 0)
            {
                return false;
            }
        }

        return (segment.Length % 4) switch
        {
            2 => (Value(segment[^1]) & 0x0F) == 0,
            3 => (Value(segment[^1]) & 0x03) == 0,
            _ => true,
        };
    }

    private static int Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };

    private static VerificationResult CheckSegment(ReadOnlySpan<char> segment, bool isHeader)
    {
        var length = System.Buffers.Text.Base64Url.GetMaxDecodedLength(segment.Length);
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            if (!System.Buffers.Text.Base64Url.TryDecodeFromChars(segment, buffer, out var written))
            {
                return isHeader ? VerificationResult.NotAJws() : Malformed("The token's payload segment is not canonical base64url.");
            }

            var json = buffer[..written];
            if (isHeader && (json.IsEmpty || (json[0] != (byte)'{' && json[0] != 0xEF)))
            {
                return VerificationResult.NotAJws(); // not recognisably a JWS: perhaps a reference token
            }

            return CheckJson(json, isHeader ? "header" : "payload", isHeader);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static VerificationResult CheckJson(ReadOnlySpan<byte> json, string part, bool isHeader)
    {
        if (json.StartsWith("\uFEFF"u8))
        {
            return Malformed($"The token's {part} starts with a byte order mark.");
        }

        if (!Utf8.IsValid(json))
        {
            return Malformed($"The token's {part} is not valid UTF-8.");
        }

        var names = new NameSet();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Malformed($"The token's {part} is not a JSON object.");
            }

            names.Push();
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        names.Push();
                        break;
                    case JsonTokenType.EndObject:
                        names.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!names.Add(ref reader))
                        {
                            return Malformed($"The token's {part} holds a duplicate member name.");
                        }

                        if (reader.CurrentDepth == 1)
                        {
                            var member = isHeader ? CheckHeaderMember(ref reader) : CheckPayloadMember(ref reader);
                            if (member is not null)
                            {
                                return Malformed($"The token's {part} member '{member}' is not of the type RFC 7519/7515 requires.", member);
                            }
                        }

                        break;
                }
            }

            return default;
        }
        catch (JsonException)
        {
            return Malformed($"The token's {part} is not one well-formed JSON object (or is nested deeper than {MaxDepth}).");
        }
        catch (InvalidOperationException)
        {
            return Malformed($"The token's {part} is not one well-formed JSON object.");
        }
        finally
        {
            names.Dispose();
        }
    }

    /// <summary>The name of a registered header member of the wrong type (the reader is then on its value), or <see langword="null"/>.</summary>
    private static string? CheckHeaderMember(ref Utf8JsonReader reader)
    {
        var name = reader.ValueTextEquals("alg"u8) ? "alg" : reader.ValueTextEquals("kid"u8) ? "kid" : reader.ValueTextEquals("typ"u8) ? "typ"
            : reader.ValueTextEquals("crit"u8) ? "crit" : null;
        if (name is null)
        {
            return null;
        }

        reader.Read();
        return name == "crit" ? (IsStringArray(ref reader) ? null : name) : reader.TokenType == JsonTokenType.String ? null : name;
    }

    private static string? CheckPayloadMember(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("exp"u8) || reader.ValueTextEquals("iat"u8) || reader.ValueTextEquals("nbf"u8))
        {
            var name = reader.ValueTextEquals("exp"u8) ? "exp" : reader.ValueTextEquals("iat"u8) ? "iat" : "nbf";
            reader.Read();
            return reader.TokenType == JsonTokenType.Number ? null : name;
        }

        if (reader.ValueTextEquals("iss"u8) || reader.ValueTextEquals("sub"u8) || reader.ValueTextEquals("jti"u8))
        {
            var name = reader.ValueTextEquals("iss"u8) ? "iss" : reader.ValueTextEquals("sub"u8) ? "sub" : "jti";
            reader.Read();
            return reader.TokenType == JsonTokenType.String ? null : name;
        }

        if (reader.ValueTextEquals("aud"u8))
        {
            reader.Read();
            return reader.TokenType == JsonTokenType.String || IsStringArray(ref reader) ? null : "aud";
        }

        return null;
    }

    /// <summary>Whether the reader is on an array of strings only; reads it to its end when it is.</summary>
    private static bool IsStringArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return false;
            }
        }

        return true;
    }


    private static VerificationResult Malformed(string detail, string? claim = null) => VerificationResult.Fail(AuthErrorCodes.TokenMalformed, detail, claim);

    /// <summary>
    /// The member names of the objects being read, one frame per open object, kept unescaped in one pooled buffer;
    /// a name is compared with the names of its own object only (by hash first).
    /// </summary>
    private struct NameSet : IDisposable
    {
        private char[]? _chars;
        private (int Hash, int Start, int Length)[]? _names;
        private int[]? _frames;
        private int _charCount;
        private int _count;
        private int _depth;

        public void Push()
        {
            _frames ??= ArrayPool<int>.Shared.Rent(MaxDepth + 2);
            _frames[_depth++] = _count;
        }

        public void Pop()
        {
            _count = _frames![--_depth];
            _charCount = _count == 0 ? 0 : _names![_count - 1].Start + _names[_count - 1].Length;
        }

        /// <summary>Adds the property name the reader is on; <see langword="false"/> when its object already has it.</summary>
        public bool Add(ref Utf8JsonReader reader)
        {
            var max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            _chars ??= ArrayPool<char>.Shared.Rent(Math.Max(256, max));
            if (_chars.Length - _charCount < max)
            {
                var larger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _charCount + max));
                _chars.AsSpan(0, _charCount).CopyTo(larger);
                ArrayPool<char>.Shared.Return(_chars);
                _chars = larger;
            }

            var length = reader.CopyString(_chars.AsSpan(_charCount));
            var name = _chars.AsSpan(_charCount, length);
            var hash = string.GetHashCode(name);
            for (var i = _frames![_depth - 1]; i < _count; i++)
            {
                var other = _names![i];
                if (other.Hash == hash && name.SequenceEqual(_chars.AsSpan(other.Start, other.Length)))
                {
                    return false;
                }
            }

            _names ??= ArrayPool<(int, int, int)>.Shared.Rent(32);
            if (_count == _names.Length)
            {
                var larger = ArrayPool<(int, int, int)>.Shared.Rent(_names.Length * 2);
                _names.AsSpan(0, _count).CopyTo(larger);
                ArrayPool<(int, int, int)>.Shared.Return(_names);
                _names = larger;
            }

            _names[_count++] = (hash, _charCount, length);
            _charCount += length;
            return true;
        }

        public void Dispose()
        {
            if (_chars is not null)
            {
                ArrayPool<char>.Shared.Return(_chars);
            }

            if (_names is not null)
            {
                ArrayPool<(int, int, int)>.Shared.Return(_names);
            }

            if (_frames is not null)
            {
                ArrayPool<int>.Shared.Return(_frames);
            }
        }
    }
}
