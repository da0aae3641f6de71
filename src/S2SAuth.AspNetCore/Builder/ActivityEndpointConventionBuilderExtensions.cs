using S2SAuth;
using S2SAuth.Authorization;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>RequireActivity</c> and its tenant and object rules, for minimal-API endpoints and route groups.</summary>
public static class ActivityEndpointConventionBuilderExtensions
{
    /// <summary>
    /// The endpoint needs <paramref name="activity"/>: the required identities (the endpoint's
    /// <c>RequireIdentities</c>, else <c>ServiceAuth:DefaultRequiredIdentities</c>), the calling service's scopes, the
    /// user's permission, the tenant rules and the object rule are checked in that order.
    /// </summary>
    public static TBuilder RequireActivity<TBuilder>(this TBuilder builder, string activity)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddMetadata(new RequireActivityAttribute(activity));

    /// <summary>As <see cref="RequireActivity{TBuilder}(TBuilder, string)"/>, and the request must carry <paramref name="identities"/>.</summary>
    public static TBuilder RequireActivity<TBuilder>(this TBuilder builder, string activity, RequiredIdentities identities)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddMetadata(new RequireActivityAttribute(activity, identities));

    /// <summary>
    /// The endpoint is tenant-scoped; the request may name its tenant in the route value, query parameter or
    /// top-level JSON property <paramref name="name"/>, which must be the caller's tenant.
    /// </summary>
    public static TBuilder WithTenantFrom<TBuilder>(this TBuilder builder, TenantParameterSource source, string name)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddMetadata(new TenantParameterAttribute(source, name));

    /// <summary>
    /// The endpoint does cross-tenant work: a caller holding the privileged cross-tenant scope may name another
    /// tenant; the decision is audited as cross-tenant.
    /// </summary>
    public static TBuilder AllowCrossTenant<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddMetadata(new AllowCrossTenantAttribute());

    /// <summary>The endpoint's object-level rule, checked last; <see langword="false"/> answers 403 <c>object_denied</c>.</summary>
    public static TBuilder WithObjectRule<TBuilder>(this TBuilder builder, Func<ObjectRuleContext, ValueTask<bool>> rule)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(rule);
        return builder.AddMetadata(new DelegateObjectRule(rule));
    }

    private static TBuilder AddMetadata<TBuilder>(this TBuilder builder, object metadata)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }
}
