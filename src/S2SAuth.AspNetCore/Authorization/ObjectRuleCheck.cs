using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using S2SAuth.Logging;

namespace S2SAuth.Authorization;

/// <summary>Step 5: every object rule of the endpoint allows the request. A rule that throws refuses it.</summary>
internal sealed class ObjectRuleCheck
{
    private readonly ILogger _logger;

    public ObjectRuleCheck(ILogger<ObjectRuleCheck> logger) => _logger = logger;

    public async ValueTask<bool> AllowsAsync(HttpContext http, ServiceAuthContext auth, EndpointRules endpoint, string activity)
    {
        var context = new ObjectRuleContext(http, auth, activity);
        foreach (var rule in endpoint.ObjectRules)
        {
            try
            {
                if (!await rule.IsAllowedAsync(context).ConfigureAwait(false))
                {
                    return false;
                }
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A failing rule refuses the request (fail closed); the endpoint's bug is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ObjectRuleFailed(_logger, endpoint.Name(http.Request), ex.GetType().Name, auth.Correlation.CorrelationId);
                return false;
            }
        }

        return true;
    }
}
