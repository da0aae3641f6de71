using System.Diagnostics.CodeAnalysis;

namespace S2SAuth.Webhooks;

/// <summary>
/// Builds a <see cref="WebhookProvider"/> from its <see cref="WebhookProviderOptions"/>: the scheme, the parsed secrets and
/// the bounds. Used by the start-up validator and by <see cref="WebhookProviders"/>; errors name the provider and the
/// setting, never a secret.
/// </summary>
internal static class WebhookProviderFactory
{
    public const long MaxBodyLimit = 64L * 1024 * 1024;
    private const string Section = ServiceAuthOptions.SectionName + ":Webhooks";

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static bool TryBuild(string name, WebhookProviderOptions? options, TimeProvider time, [NotNullWhen(true)] out WebhookProvider? provider, out List<string> errors)
    {
        provider = null;
        errors = [];
        var at = $"{Section}:{name}";
        if (!IsValidName(name))
        {
            errors.Add($"{Section} has a provider name that is not 1-64 letters, digits, '-', '_' or '.'.");
            return false;
        }

        if (options is null)
        {
            errors.Add($"{at} is empty.");
            return false;
        }

        if (options.Tolerance < TimeSpan.FromSeconds(10) || options.Tolerance > TimeSpan.FromHours(1))
        {
            errors.Add($"{at}:Tolerance must be between 00:00:10 and 01:00:00 (it is {options.Tolerance}).");
        }

        if (options.MaxBodyBytes < 1 || options.MaxBodyBytes > MaxBodyLimit)
        {
            errors.Add($"{at}:MaxBodyBytes must be between 1 and {MaxBodyLimit} (it is {options.MaxBodyBytes}).");
        }

        if (options.DedupeLifetime < 2 * options.Tolerance || options.DedupeLifetime > TimeSpan.FromDays(30))
        {
            errors.Add($"{at}:DedupeLifetime must be at least twice the Tolerance and at most 30 days (it is {options.DedupeLifetime}).");
        }

        var scheme = CreateScheme(at, options, errors);
        if (scheme is null || errors.Count > 0)
        {
            return false;
        }

        if (!WebhookSignatureVerifier.TryCreate(scheme, [.. options.Secrets ?? []], time, out var verifier, out var error))
        {
            // The verifier's message names the secret's position only.
            errors.Add($"{at}:Secrets: {error}");
            return false;
        }

        provider = new WebhookProvider(name, verifier!, options.MaxBodyBytes, options.DedupeLifetime);
        return true;
    }

    private static IWebhookSignatureScheme? CreateScheme(string at, WebhookProviderOptions options, List<string> errors)
    {
        switch (options.Scheme?.Trim().ToUpperInvariant())
        {
            case "STANDARDWEBHOOKS" or "STANDARD":
                return new StandardWebhooksScheme(options.Tolerance);
            case "STRIPE":
                return new StripeScheme(options.Tolerance);
            case "GITHUB":
                return new GitHubScheme();
            case "HMAC":
                return CreateHmac(at, options, errors);
            default:
                errors.Add($"{at}:Scheme must be StandardWebhooks, Stripe, GitHub or Hmac.");
                return null;
        }
    }

    private static GenericHmacScheme? CreateHmac(string at, WebhookProviderOptions options, List<string> errors)
    {
        if (!IsHeaderName(options.SignatureHeader))
        {
            errors.Add($"{at}:SignatureHeader is required for the Hmac scheme (a header name).");
        }

        if (options.TimestampHeader is not null && !IsHeaderName(options.TimestampHeader))
        {
            errors.Add($"{at}:TimestampHeader is not a header name.");
        }

        if (options.EventIdHeader is not null && !IsHeaderName(options.EventIdHeader))
        {
            errors.Add($"{at}:EventIdHeader is not a header name.");
        }

        if (options.SignaturePrefix is { Length: > 32 })
        {
            errors.Add($"{at}:SignaturePrefix must be at most 32 characters.");
        }

        WebhookSignatureEncoding? encoding = options.SignatureEncoding?.Trim().ToUpperInvariant() switch
        {
            "HEX" => WebhookSignatureEncoding.Hex,
            "BASE64" => WebhookSignatureEncoding.Base64,
            _ => null,
        };
        if (encoding is null)
        {
            errors.Add($"{at}:SignatureEncoding must be Hex or Base64.");
        }

        return errors.Count > 0 ? null : new GenericHmacScheme(new GenericHmacSettings(
            options.SignatureHeader!, encoding!.Value, string.IsNullOrEmpty(options.SignaturePrefix) ? null : options.SignaturePrefix,
            options.TimestampHeader, options.EventIdHeader, options.Tolerance));
    }

    private static bool IsHeaderName(string? name) =>
        name is { Length: > 0 and <= 64 } && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
