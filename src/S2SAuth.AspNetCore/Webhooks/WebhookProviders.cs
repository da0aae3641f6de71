using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace S2SAuth.Webhooks;

/// <summary>
/// The configured webhook providers by name (<c>ServiceAuth:Webhooks</c>), built once from the validated options. Names
/// are matched exactly (ordinal), as configuration keys are written.
/// </summary>
internal sealed class WebhookProviders
{
    private readonly Dictionary<string, WebhookProvider> _providers = new(StringComparer.Ordinal);

    public WebhookProviders(IOptions<ServiceAuthOptions> options, TimeProvider time)
    {
        foreach (var (name, configured) in options.Value.Webhooks)
        {
            // The validator refused invalid providers at start-up; one that still fails here is left out (its endpoints answer 503).
            if (WebhookProviderFactory.TryBuild(name, configured, time, out var provider, out _))
            {
                _providers[name] = provider;
            }
        }
    }

    public bool TryGet(string name, [NotNullWhen(true)] out WebhookProvider? provider) => _providers.TryGetValue(name, out provider);
}
