using Microsoft.AspNetCore.Http;

namespace S2SAuth.ForwardedCertificates;

/// <summary>
/// An <see cref="IConnectionIdentity"/> over a function, so the connection-certificate validator can be plugged in at
/// registration without its folder depending on this one.
/// </summary>
internal sealed class ConnectionIdentityFunc(Func<HttpContext, string?> validatedSpiffeId) : IConnectionIdentity
{
    public string? ValidatedSpiffeId(HttpContext http) => validatedSpiffeId(http);
}
