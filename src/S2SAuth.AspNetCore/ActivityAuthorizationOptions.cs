namespace S2SAuth;

/// <summary>
/// How <c>RequireActivity</c> decides, bound from <c>ServiceAuth:Authorization</c>. Keys and values are compared
/// ordinally (case-sensitive).
/// </summary>
public sealed class ActivityAuthorizationOptions
{
    /// <summary>The default <see cref="CrossTenantScope"/>.</summary>
    public const string DefaultCrossTenantScope = "platform.cross-tenant";

    /// <summary>
    /// Activity → service scopes that allow it, e.g. <c>"order.confirm": ["orders.write"]</c>. A service is
    /// allowed an activity when its scopes hold the activity key itself or one of the scopes mapped to it.
    /// </summary>
    public IDictionary<string, IList<string>> ActivityScopes { get; set; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>
    /// Role → activities it grants, e.g. <c>"order-manager": ["order.confirm", "order.read"]</c>. A user holds an
    /// activity when the token's <c>permissions</c> list it or one of the token's <c>roles</c> maps to it.
    /// </summary>
    public IDictionary<string, IList<string>> RoleActivities { get; set; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>
    /// Activity → the services that may act for a user on it, e.g. <c>"price.quote": ["orders-service"]</c>. When the
    /// user token of a request has a delegation chain (<see cref="UserIdentity.Actors"/>, RFC 8693 <c>act</c>), a listed
    /// activity is allowed only when every actor of the chain is listed, else 403 <c>actor_not_allowed</c>. Activities
    /// not listed accept any actors; a user token without a chain is not affected.
    /// </summary>
    public IDictionary<string, IList<string>> ActivityActors { get; set; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>
    /// The service scope that lets a caller act in another tenant than its own on an endpoint that allows
    /// cross-tenant work. Default <c>platform.cross-tenant</c>.
    /// </summary>
    public string CrossTenantScope { get; set; } = DefaultCrossTenantScope;

    /// <summary>Largest JSON body read to find a tenant id, in bytes. Default 64 KiB; a larger body is refused with <c>tenant_unreadable</c>.</summary>
    public int MaxTenantBodyBytes { get; set; } = 64 * 1024;
}
