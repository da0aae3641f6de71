using Microsoft.Extensions.DependencyInjection.Extensions;
using S2SAuth;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The features that chain onto <c>AddServiceAuth(...)</c>.</summary>
public static class ServiceAuthBuilderExtensions
{
    /// <summary>
    /// Adds a check that runs on every request for every verified token, cache hit or not, and whose answer is never
    /// cached (e.g. revocation). <typeparamref name="TCheck"/> is a singleton, also resolvable as itself; adding the same
    /// type twice adds it once. Checks run in the order they were added; the first refusal answers 401 with its code.
    /// </summary>
    public static ServiceAuthBuilder AddTokenCheck<TCheck>(this ServiceAuthBuilder builder)
        where TCheck : class, ITokenCheck
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TCheck>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ITokenCheck, TCheck>(static sp => sp.GetRequiredService<TCheck>()));
        return builder;
    }
}
