using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace S2SAuth.Webhooks;

/// <summary>
/// Secrets of the schemes whose HMAC key is the configured string's UTF-8 bytes as given (Stripe's whole
/// <c>whsec_...</c> string, GitHub's webhook secret, the generic scheme).
/// </summary>
internal static class Utf8SecretParser
{
    /// <summary>Accepts any non-blank string; the key is its UTF-8 bytes.</summary>
    public static bool TryParse(string configured, [NotNullWhen(true)] out WebhookSecret? secret, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            secret = null;
            error = "A webhook secret must not be empty.";
            return false;
        }

        secret = WebhookSecret.Hmac(Encoding.UTF8.GetBytes(configured));
        error = null;
        return true;
    }
}
