using Microsoft.AspNetCore.Http;
using S2SAuth.Client;

namespace S2SAuth.Http;

/// <summary>The outgoing-call context of a web service: the user token and correlation id of the current request.</summary>
internal sealed class HttpContextOutgoingCallContext : IOutgoingCallContext
{
    private readonly IHttpContextAccessor _accessor;

    public HttpContextOutgoingCallContext(IHttpContextAccessor accessor) => _accessor = accessor;

    public string? UserToken => _accessor.HttpContext?.GetServiceAuthContext()?.UserToken;

    public string? CorrelationId => _accessor.HttpContext?.GetServiceAuthContext()?.Correlation.CorrelationId;
}
