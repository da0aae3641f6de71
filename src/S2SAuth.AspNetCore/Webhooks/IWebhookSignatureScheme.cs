using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace S2SAuth.Webhooks;

/// <summary>
/// One provider signature format (Standard Webhooks, Stripe, GitHub, generic HMAC). A scheme is stateless: it parses the
/// configured secrets once and checks a delivery's headers and raw body bytes against them. It never throws on bad input.
/// </summary>
internal interface IWebhookSignatureScheme
{
    /// <summary>The scheme's configuration name (<c>standard</c>, <c>stripe</c>, <c>github</c>, <c>hmac</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Parses one configured secret in this scheme's format; false (with a reason that never repeats the secret) if it
    /// is not one.
    /// </summary>
    bool TryParseSecret(string configured, [NotNullWhen(true)] out WebhookSecret? secret, [NotNullWhen(false)] out string? error);

    /// <summary>
    /// Checks a delivery: accepted if any signature in the headers matches any of <paramref name="secrets"/> over the
    /// raw <paramref name="body"/> bytes, and the signed timestamp (if the scheme has one) is within tolerance of
    /// <paramref name="now"/>.
    /// </summary>
    WebhookVerification Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, IReadOnlyList<WebhookSecret> secrets, DateTimeOffset now);
}
