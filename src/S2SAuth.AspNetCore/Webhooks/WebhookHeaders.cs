using Microsoft.AspNetCore.Http;

namespace S2SAuth.Webhooks;

/// <summary>
/// Bounded reading of webhook headers: one value per header (a repeated header is malformed, never "pick one"), a
/// length limit, and parsing of unix-second timestamps with the tolerance check. Never throws on bad input.
/// </summary>
internal static class WebhookHeaders
{
    /// <summary>The longest signature header accepted (several signatures during a sender's rotation fit easily).</summary>
    public const int MaxSignatureHeaderLength = 4096;

    /// <summary>The longest id header accepted.</summary>
    public const int MaxIdLength = 256;

    /// <summary>The most signatures read from one header.</summary>
    public const int MaxSignatures = 16;

    /// <summary>The longest timestamp accepted (digits only).</summary>
    private const int MaxTimestampLength = 15;

    /// <summary>Reads a header that must occur once, with at most <paramref name="maxLength"/> characters.</summary>
    public static WebhookHeaderRead TryGetSingle(IHeaderDictionary headers, string name, int maxLength, out string value)
    {
        value = string.Empty;
        if (!headers.TryGetValue(name, out var values) || values.Count == 0)
        {
            return WebhookHeaderRead.Missing;
        }

        if (values.Count > 1)
        {
            return WebhookHeaderRead.Malformed;
        }

        var single = values[0];
        if (string.IsNullOrEmpty(single))
        {
            return WebhookHeaderRead.Missing;
        }

        if (single.Length > maxLength)
        {
            return WebhookHeaderRead.Malformed;
        }

        value = single;
        return WebhookHeaderRead.Found;
    }

    /// <summary>Parses unix seconds: ASCII digits only, no sign, no spaces, at most 15 digits.</summary>
    public static bool TryParseUnixSeconds(ReadOnlySpan<char> text, out long seconds)
    {
        seconds = 0;
        if (text.IsEmpty || text.Length > MaxTimestampLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            seconds = (seconds * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>Whether <paramref name="seconds"/> is at most <paramref name="tolerance"/> from <paramref name="now"/>, either way (inclusive).</summary>
    public static bool WithinTolerance(long seconds, DateTimeOffset now, TimeSpan tolerance) =>
        Math.Abs(now.ToUnixTimeSeconds() - seconds) <= (long)tolerance.TotalSeconds;

    /// <summary>An id usable as a dedupe key: visible ASCII only, no <paramref name="forbidden"/> character.</summary>
    public static bool IsSafeId(string id, char forbidden)
    {
        foreach (var c in id)
        {
            if (c < '!' || c > '~' || c == forbidden)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Shared refusal for a header read that did not find a value.</summary>
    public static WebhookVerification Refuse(WebhookHeaderRead read, string name) => read == WebhookHeaderRead.Missing
        ? WebhookVerification.Failure(AuthErrorCodes.WebhookSignatureMissing, $"The {name} header is missing.")
        : WebhookVerification.Failure(AuthErrorCodes.WebhookHeadersMalformed, $"The {name} header is repeated or too long.");
}
