using Microsoft.AspNetCore.Http;
using S2SAuth.Tenants;

namespace S2SAuth.Authorization;

/// <summary>
/// Refuses a request whose tenant-scoped service token acts for a user of another tenant (see <see cref="TenantConflict"/>)
/// where no <c>RequireActivity</c> decision does: the default and fallback policies, <c>RequireIdentities</c>, and (as a
/// last resort, in <see cref="ServiceAuthResultHandler"/>) any other policy that let it through. The refusal is
/// recorded (audit event, metrics, trace) once per request.
/// </summary>
internal sealed class TenantConflictCheck
{
    public const string Detail = "The service token is scoped to another tenant than the user token's.";

    private readonly DecisionRecorder _recorder;
    private readonly TimeProvider _time;

    public TenantConflictCheck(DecisionRecorder recorder, TimeProvider time)
    {
        _recorder = recorder;
        _time = time;
    }

    /// <summary>The refusal of a request in conflict, recorded on first call; <see langword="null"/> when there is none or the crossing was allowed.</summary>
    public async ValueTask<ActivityDecision?> RefuseAsync(HttpContext http, ServiceAuthContext auth)
    {
        if (TenantConflict.Of(http) is not { } conflict || conflict.AllowedAcross == true)
        {
            return null;
        }

        var decision = ActivityDecision.Deny(ActivityDecision.NoActivity, StatusCodes.Status403Forbidden, AuthErrorCodes.TenantMismatch, Detail);
        if (conflict.AllowedAcross is null)
        {
            var started = _time.GetTimestamp();
            conflict.Refuse();
            await _recorder.RecordAsync(http, auth, decision, EndpointRules.For(http.GetEndpoint()), _time.GetElapsedTime(started)).ConfigureAwait(false);
        }

        return decision;
    }
}
