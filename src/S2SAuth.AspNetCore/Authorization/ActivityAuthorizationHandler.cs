using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using S2SAuth.Logging;
using S2SAuth.Http;

namespace S2SAuth.Authorization;

/// <summary>
/// The ASP.NET Core authorization handler of <c>RequireActivity</c>: decides all activity requirements of a policy
/// together (one decision per request, stopping at the first failure), records it once (audit, metrics, trace), and
/// fails with a <see cref="ServiceAuthFailureReason"/> that <see cref="ServiceAuthResultHandler"/> turns into problem details.
/// </summary>
internal sealed class ActivityAuthorizationHandler : IAuthorizationHandler
{
    private readonly ActivityEvaluator _evaluator;
    private readonly DecisionRecorder _recorder;
    private readonly ActivityRules _rules;
    private readonly TimeProvider _time;
    private readonly IHttpContextAccessor _httpContextAccessor;
    private readonly ILogger _logger;

    public ActivityAuthorizationHandler(ActivityEvaluator evaluator, DecisionRecorder recorder, ActivityRules rules, TimeProvider time,
        IHttpContextAccessor httpContextAccessor, ILogger<ActivityAuthorizationHandler> logger)
    {
        _evaluator = evaluator;
        _recorder = recorder;
        _rules = rules;
        _time = time;
        _httpContextAccessor = httpContextAccessor;
        _logger = logger;
    }

    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        // Our requirements are handled by this handler only, so all of them are still pending here. Read without
        // LINQ or a boxed enumerator: the common case (one activity) allocates nothing.
        var requirements = context.Requirements as IReadOnlyList<IAuthorizationRequirement> ?? [.. context.Requirements];
        ActivityRequirement? single = null;
        List<string>? several = null;
        RequiredIdentities? declared = null;
        var ours = false;
        for (var i = 0; i < requirements.Count; i++)
        {
            if (requirements[i] is ActivityRequirement activity)
            {
                ours = true;
                declared = activity.Identities ?? declared;
                if (single is null)
                {
                    single = activity;
                }
                else if (several is null ? !string.Equals(single.Activity, activity.Activity, StringComparison.Ordinal) : !several.Contains(activity.Activity))
                {
                    several ??= [single.Activity];
                    several.Add(activity.Activity);
                }
            }
            else if (requirements[i] is EndpointRulesRequirement)
            {
                ours = true;
            }
        }

        if (!ours)
        {
            return;
        }

        // The resource is the HttpContext, unless the application switched it to the endpoint.
        var http = context.Resource as HttpContext ?? _httpContextAccessor.HttpContext;
        if (http is null || single is null)
        {
            var name = http is null ? "(unknown)" : EndpointRules.For(http.GetEndpoint()).Name(http.Request);
            Log.EndpointRulesWithoutActivity(_logger, name);
            context.Fail(new ServiceAuthFailureReason(this, new Refusal(StatusCodes.Status403Forbidden, AuthErrorCodes.Forbidden, null)));
            return;
        }

        var activities = several ?? single.AsList;
        var endpoint = EndpointRules.For(http.GetEndpoint());
        var identities = declared ?? endpoint.Identities ?? _rules.DefaultIdentities;
        var auth = await ServiceAuthentication.EnsureAsync(http).ConfigureAwait(false);
        var started = _time.GetTimestamp();
        var decision = await _evaluator.DecideAsync(http, auth, activities, identities, endpoint).ConfigureAwait(false);
        await _recorder.RecordAsync(http, auth, decision, endpoint, _time.GetElapsedTime(started)).ConfigureAwait(false);
        if (decision.Allowed)
        {
            for (var i = 0; i < requirements.Count; i++)
            {
                if (requirements[i] is ActivityRequirement or EndpointRulesRequirement)
                {
                    context.Succeed(requirements[i]);
                }
            }
        }
        else
        {
            context.Fail(new ServiceAuthFailureReason(this, new Refusal(decision.Status, decision.Code!, decision.Detail).KeepOn(http)));
        }
    }
}
