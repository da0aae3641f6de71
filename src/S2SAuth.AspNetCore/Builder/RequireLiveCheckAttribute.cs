using S2SAuth.Introspection;

namespace S2SAuth;

/// <summary>
/// The endpoint needs the issuer's live answer: after local verification, the request's tokens are introspected
/// (RFC 7662) at the issuer with this service's own client credentials, and accepted only when it says they are active
/// (answers cached for a few seconds). Inactive: 401 <c>token_inactive</c>; issuer unreachable: 503
/// <c>introspection_unavailable</c>. Needs <c>AddServiceAuth(...).AddIntrospection()</c> (without it the endpoint answers
/// 503). On MVC controllers and actions as an attribute; on minimal-API endpoints and route groups through
/// <c>.RequireLiveCheck()</c>, which adds this same metadata.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireLiveCheckAttribute : Attribute, ILiveCheckDeclaration;
