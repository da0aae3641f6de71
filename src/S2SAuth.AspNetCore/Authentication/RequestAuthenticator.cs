using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using S2SAuth.Caching;
using S2SAuth.Http;
using S2SAuth.Introspection;
using S2SAuth.Logging;
using S2SAuth.Tenants;
using S2SAuth.Verification;

namespace S2SAuth.Authentication;

/// <summary>
/// Verifies the tokens of one request (through the verified-token cache) and fills its <see cref="ServiceAuthContext"/>. Answers the failure of the first
/// token that fails, or the request's own principal built from the (possibly cached) verified identities; no token at
/// all is not a failure here: the endpoint's required identities decide.
/// </summary>
internal sealed class RequestAuthenticator
{
    private readonly CachedTokenVerifier _verifier;
    private readonly ILogger _logger;
    private readonly LiveCheck? _liveCheck;

    public RequestAuthenticator(CachedTokenVerifier verifier, ILogger<RequestAuthenticator> logger, LiveCheck? liveCheck = null)
    {
        _verifier = verifier;
        _logger = logger;
        _liveCheck = liveCheck;
    }

    public async ValueTask<RequestAuthentication> AuthenticateAsync(HttpContext http, ServiceAuthContext context)
    {
        var tokens = RequestTokens.Read(http.Request.Headers);
        if (tokens.ErrorCode is { } headerError)
        {
            return Reject(http, context, "Request", headerError, "A token header was sent more than once.");
        }

        VerifiedToken? service = null;
        if (tokens.Service is { } serviceToken)
        {
            var check = await _verifier.VerifyAsync(serviceToken, TokenKind.Service, http.RequestAborted).ConfigureAwait(false);
            if (!check.Succeeded)
            {
                return Reject(http, context, "Service", check.ErrorCode!, check.Detail!, check.Claim);
            }

            service = check.Token!;
            context.Service = service.Service;
        }

        VerifiedToken? user = null;
        if (tokens.User is { } userToken)
        {
            var check = await _verifier.VerifyAsync(userToken, TokenKind.User, http.RequestAborted).ConfigureAwait(false);
            if (!check.Succeeded)
            {
                context.Service = null;
                return Reject(http, context, "User", check.ErrorCode!, check.Detail!, check.Claim);
            }

            user = check.Token!;
            context.User = user.User;
            context.UserToken = user.Token;
        }

        if (service is null && user is null)
        {
            return default;
        }

        // Central verification (RFC 7662), after local verification, on endpoints that need the issuer's live answer.
        var endpoint = http.GetEndpoint();
        if (_liveCheck?.IsRequiredFor(endpoint) ?? LiveCheck.IsDeclared(endpoint))
        {
            var live = _liveCheck is null
                ? LiveCheck.NotConfigured(_logger)
                : await _liveCheck.CheckAsync(service, user, context.Correlation.CorrelationId, http.RequestAborted).ConfigureAwait(false);
            if (live is { } failure)
            {
                (context.Service, context.User, context.UserToken) = (null, null, null);
                return Reject(http, context, failure.TokenKind, failure.Code, failure.Detail);
            }
        }

        TenantDerivation.Apply(http, context, service, user);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            // Token claims are the issuer's, yet they came with the request: escaped like any caller text.
            var serviceId = RequestText.Escape(context.Service?.ServiceId);
            var userId = RequestText.Escape(context.User?.UserId);
            var tenantId = RequestText.Escape(context.Tenant.TenantId);
            Log.RequestAuthenticated(_logger, serviceId, userId, tenantId);
        }

        return new RequestAuthentication(null, PrincipalFactory.Create(service, user));
    }

    /// <summary>The one refusal of a failed authentication: kept on the request, and carried by the failure handed to ASP.NET Core.</summary>
    private RequestAuthentication Reject(HttpContext http, ServiceAuthContext context, string kind, string code, string detail, string? claim = null)
    {
        var refusal = Refusal.Authentication(code, detail, claim).KeepOn(http);
        Log.TokenRejected(_logger, kind, code, context.Correlation.CorrelationId);
        return new RequestAuthentication(new AuthFailure(refusal), null);
    }
}
