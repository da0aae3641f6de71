namespace S2SAuth.Introspection;

/// <summary>
/// Endpoint metadata that asks for a live check of the request's tokens at the issuer (<c>RequireLiveCheck</c>).
/// Implemented by the public attribute in Builder/, read here, so that introspection does not depend on its entry points.
/// </summary>
internal interface ILiveCheckDeclaration;
