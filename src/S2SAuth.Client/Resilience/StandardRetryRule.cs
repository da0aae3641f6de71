using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace S2SAuth.Client.Resilience;

/// <summary>
/// Applies <see cref="RetryRules"/> to the retry of every <see cref="HttpStandardResilienceOptions"/>, whatever its name
/// (<c>AddStandardResilienceHandler</c> on one client or on all of them, or options of one's own name), but only to the
/// calls of clients with <c>AddServiceTokenHandler</c>: other clients' requests keep the standard decision.
/// </summary>
internal sealed class StandardRetryRule : IPostConfigureOptions<HttpStandardResilienceOptions>
{
    public void PostConfigure(string? name, HttpStandardResilienceOptions options) =>
        RetryRules.Narrow(options.Retry, everyRequest: false);
}
