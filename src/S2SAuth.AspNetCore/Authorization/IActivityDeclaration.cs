namespace S2SAuth.Authorization;

/// <summary>
/// Endpoint metadata that declares an activity (<c>RequireActivity</c>): its requirement checks the endpoint's identities
/// itself. Implemented by the public attribute in Builder/, read here, so that authorization does not depend on its
/// entry points.
/// </summary>
internal interface IActivityDeclaration
{
    string Activity { get; }
}
