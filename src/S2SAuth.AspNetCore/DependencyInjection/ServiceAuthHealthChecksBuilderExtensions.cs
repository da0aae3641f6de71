using Microsoft.Extensions.Diagnostics.HealthChecks;
using S2SAuth.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The S2SAuth health checks, chained onto <c>AddHealthChecks()</c>.</summary>
public static class ServiceAuthHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds, tagged <c>s2sauth</c> and <c>ready</c>: <c>s2sauth-signing-keys</c> (the issuer's signing keys, when
    /// <c>AddServiceAuth</c> is called) and <c>s2sauth-service-token</c> (the outgoing service tokens, when
    /// <c>AddServiceTokenClient</c> is called); the order of these calls does not matter, and calling this twice adds
    /// each check once. The <c>s2sauth-revocation</c> check of <c>AddRevocation()</c> is not added again; it gets the same
    /// tags. Probes read cached state: no network call while keys are cached and fresh. Map them with
    /// <c>MapHealthChecks</c>; see docs/health-checks.md.
    /// </summary>
    public static IHealthChecksBuilder AddServiceAuthChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<HealthCheckServiceOptions>().PostConfigure<IServiceProvider>(ServiceAuthHealthChecks.Add);
        return builder;
    }
}
