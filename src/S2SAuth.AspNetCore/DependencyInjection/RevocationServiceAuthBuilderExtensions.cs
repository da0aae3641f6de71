using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Revocation;
using S2SAuth.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Revocation of tokens and subjects, chained onto <c>AddServiceAuth(...)</c>.</summary>
public static class RevocationServiceAuthBuilderExtensions
{
    /// <summary>
    /// Checks every verified token, on every request (cache hit or not), against this instance's revocation state: a
    /// revoked token (issuer + <c>jti</c>) or a token of a cut-off subject issued before its cut-off is refused with 401
    /// <c>token_revoked</c>. Revoke through <see cref="IRevocationService"/>. With this call alone the store is in
    /// memory (this instance only); <c>AddRedisRevocation()</c> (package S2SAuth.Redis) shares it across instances.
    /// Options are bound from <c>ServiceAuth:Revocation</c>, then <paramref name="configure"/>; a health check named
    /// <c>s2sauth-revocation</c> is added (map it with <c>MapHealthChecks</c>).
    /// </summary>
    public static ServiceAuthBuilder AddRevocation(this ServiceAuthBuilder builder, Action<RevocationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var first = !services.Any(static d => d.ServiceType == typeof(RevocationState));
        var options = services.AddOptions<RevocationOptions>();
        if (first)
        {
            options.Configure<IServiceProvider>(static (o, sp) => sp.GetService<IConfiguration>()?.GetSection(RevocationOptions.SectionName).Bind(o));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!first)
        {
            return builder;
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RevocationOptions>, RevocationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<RevocationMetrics>();
        services.TryAddSingleton<RevocationState>();
        services.TryAddSingleton<RevocationCheck>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRevocationObserver, ExchangedTokenRevocations>());
        services.TryAddSingleton<IRevocationService, InMemoryRevocationService>();
        services.AddHostedService<RevocationMaintenance>();
        services.AddHealthChecks().AddCheck<RevocationHealthCheck>(RevocationHealthCheck.Name);
        return builder;
    }
}
