namespace S2SAuth.Tenants;

/// <summary>
/// Endpoint metadata naming where a request names its tenant (<c>WithTenantFrom</c>). Implemented by the public
/// attribute in Builder/, read here, so that tenant reading does not depend on its entry points.
/// </summary>
internal interface ITenantParameterDeclaration
{
    TenantParameterSource Source { get; }

    string Name { get; }
}
