using S2SAuth.Tenants;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using S2SAuth.Http;

namespace S2SAuth.Authorization;

/// <summary>An endpoint's S2SAuth metadata besides its activities, read once per endpoint.</summary>
internal sealed class EndpointRules
{
    private static readonly ConditionalWeakTable<Endpoint, EndpointRules> Cache = [];
    private static readonly EndpointRules NoEndpoint = new(null);
    private readonly string? _name;
    private readonly string _pattern;

    private EndpointRules(Endpoint? endpoint)
    {
        var metadata = endpoint?.Metadata ?? EndpointMetadataCollection.Empty;
        TenantParameters = metadata.GetOrderedMetadata<ITenantParameterDeclaration>();
        AllowCrossTenant = metadata.GetMetadata<ICrossTenantDeclaration>() is not null;
        ObjectRules = metadata.GetOrderedMetadata<IObjectRuleSource>();
        Identities = metadata.GetMetadata<IIdentitiesDeclaration>()?.Identities;
        _pattern = (endpoint as RouteEndpoint)?.RoutePattern.RawText is { } raw ? (raw.StartsWith('/') ? raw : "/" + raw)
            : endpoint?.DisplayName ?? "(no endpoint)";
        var methods = metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        _name = methods is [var method] ? method + " " + _pattern : null;
    }

    public IReadOnlyList<ITenantParameterDeclaration> TenantParameters { get; }

    public bool AllowCrossTenant { get; }

    public IReadOnlyList<IObjectRuleSource> ObjectRules { get; }

    /// <summary>The endpoint's <c>RequireIdentities</c> declaration, if any.</summary>
    public RequiredIdentities? Identities { get; }

    public static EndpointRules For(Endpoint? endpoint) =>
        endpoint is null ? NoEndpoint : Cache.GetValue(endpoint, static e => new EndpointRules(e));

    /// <summary>The endpoint as audited and logged: method (escaped when the request's own) and route template.</summary>
    public string Name(HttpRequest request) => _name ?? RequestText.Escape(request.Method, RequestText.MaxIdLength) + " " + _pattern;
}
