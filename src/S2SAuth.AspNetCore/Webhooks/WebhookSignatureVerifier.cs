using Microsoft.AspNetCore.Http;

namespace S2SAuth.Webhooks;

/// <summary>
/// One configured provider: its scheme, its parsed secrets (several during a rotation; any may match) and the clock.
/// Built once at startup by <see cref="TryCreate"/>; <see cref="Verify"/> is what the endpoint filter calls with the
/// buffered raw body.
/// </summary>
internal sealed class WebhookSignatureVerifier
{
    /// <summary>The most secrets one provider may have (old and new during a rotation, with room to spare).</summary>
    public const int MaxSecrets = 8;

    private readonly IWebhookSignatureScheme _scheme;
    private readonly WebhookSecret[] _secrets;
    private readonly TimeProvider _time;

    private WebhookSignatureVerifier(IWebhookSignatureScheme scheme, WebhookSecret[] secrets, TimeProvider time)
    {
        _scheme = scheme;
        _secrets = secrets;
        _time = time;
    }

    /// <summary>The scheme's name.</summary>
    public string SchemeName => _scheme.Name;

    /// <summary>
    /// Parses <paramref name="configuredSecrets"/> with <paramref name="scheme"/>. False with an error naming the
    /// secret's position (never its value) if there is none, too many, or one does not parse.
    /// </summary>
    public static bool TryCreate(
        IWebhookSignatureScheme scheme,
        IReadOnlyList<string> configuredSecrets,
        TimeProvider time,
        out WebhookSignatureVerifier? verifier,
        out string? error)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(configuredSecrets);
        ArgumentNullException.ThrowIfNull(time);
        verifier = null;
        if (configuredSecrets.Count is 0 or > MaxSecrets)
        {
            error = $"A webhook provider needs 1 to {MaxSecrets} secrets; it has {configuredSecrets.Count}.";
            return false;
        }

        var parsed = new WebhookSecret[configuredSecrets.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            if (!scheme.TryParseSecret(configuredSecrets[i] ?? string.Empty, out var secret, out var reason))
            {
                error = $"Secret {i} of the '{scheme.Name}' provider is not valid: {reason}";
                return false;
            }

            parsed[i] = secret;
        }

        verifier = new WebhookSignatureVerifier(scheme, parsed, time);
        error = null;
        return true;
    }

    /// <summary>Checks a delivery's headers and raw body bytes at the clock's current time. Never throws on bad input.</summary>
    public WebhookVerification Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body) =>
        _scheme.Verify(headers, body, _secrets, _time.GetUtcNow());
}
