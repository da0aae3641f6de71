using System.Security.Claims;

namespace S2SAuth.Authentication;

/// <summary>The outcome of authenticating one request: a failure, the request's principal, or neither (no token at all).</summary>
internal readonly record struct RequestAuthentication(AuthFailure? Failure, ClaimsPrincipal? Principal);
