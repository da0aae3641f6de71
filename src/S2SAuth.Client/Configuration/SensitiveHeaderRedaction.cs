using Microsoft.Extensions.Http;
using S2SAuth.Client.Http;

namespace S2SAuth.Client.Configuration;

/// <summary>Keeps credential headers out of HttpClient's own logging, even when an app turns header redaction off.</summary>
internal static class SensitiveHeaderRedaction
{
    public static void Apply(HttpClientFactoryOptions options)
    {
        var previous = options.ShouldRedactHeaderValue;
        options.ShouldRedactHeaderValue = header => OutgoingHeaders.IsSensitive(header) || previous(header);
    }
}
