using Microsoft.AspNetCore.Authorization;

namespace S2SAuth.Authorization;

/// <summary>Why an S2SAuth requirement refused a request: the status and stable code to answer with.</summary>
internal sealed class ServiceAuthFailureReason : AuthorizationFailureReason
{
    public ServiceAuthFailureReason(IAuthorizationHandler handler, int status, string code, string? detail)
        : base(handler, detail ?? code)
    {
        Status = status;
        Code = code;
        Detail = detail;
    }

    public int Status { get; }

    public string Code { get; }

    public string? Detail { get; }
}
