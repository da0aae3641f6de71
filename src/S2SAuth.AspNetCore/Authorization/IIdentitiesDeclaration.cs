namespace S2SAuth.Authorization;

/// <summary>
/// Endpoint metadata that declares the identities an endpoint needs (<c>RequireIdentities</c>). Implemented by the
/// public attribute in Builder/, read here, so that authorization does not depend on its entry points.
/// </summary>
internal interface IIdentitiesDeclaration
{
    RequiredIdentities Identities { get; }
}
