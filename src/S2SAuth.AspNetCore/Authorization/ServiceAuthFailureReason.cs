using Microsoft.AspNetCore.Authorization;
using S2SAuth.Http;

namespace S2SAuth.Authorization;

/// <summary>Why an S2SAuth requirement refused a request: the <see cref="Http.Refusal"/> (status, stable code, detail) to answer with.</summary>
internal sealed class ServiceAuthFailureReason : AuthorizationFailureReason
{
    public ServiceAuthFailureReason(IAuthorizationHandler handler, Refusal refusal)
        : base(handler, refusal.Detail ?? refusal.Code) => Refusal = refusal;

    public Refusal Refusal { get; }
}
