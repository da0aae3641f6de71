using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using S2SAuth.Logging;
using S2SAuth.Verification;

namespace S2SAuth.Authentication;

/// <summary>
/// Verifies the tokens of one request and fills its <see cref="ServiceAuthContext"/>. Returns the error code
/// of the first token that fails, or <see langword="null"/> (no token at all is not a failure here: the
/// endpoint's required identities decide).
/// </summary>
internal sealed class RequestAuthenticator
{
    private readonly TokenVerifier _verifier;
    private readonly ILogger _logger;

    public RequestAuthenticator(TokenVerifier verifier, ILogger<RequestAuthenticator> logger)
    {
        _verifier = verifier;
        _logger = logger;
    }

    public async ValueTask<AuthFailure?> AuthenticateAsync(HttpContext http, ServiceAuthContext context)
    {
        var tokens = RequestTokens.Read(http.Request.Headers);
        if (tokens.ErrorCode is { } headerError)
        {
            return Reject(context, "Request", headerError, "A token header was sent more than once.");
        }

        if (tokens.Service is { } serviceToken)
        {
            var check = await _verifier.VerifyAsync(serviceToken, TokenKind.Service, http.RequestAborted).ConfigureAwait(false);
            if (!check.Succeeded)
            {
                return Reject(context, "Service", check.ErrorCode!, check.Detail!);
            }

            context.Service = ClaimReader.ToServiceIdentity(check.Token!);
        }

        if (tokens.User is { } userToken)
        {
            var check = await _verifier.VerifyAsync(userToken, TokenKind.User, http.RequestAborted).ConfigureAwait(false);
            if (!check.Succeeded)
            {
                context.Service = null;
                return Reject(context, "User", check.ErrorCode!, check.Detail!);
            }

            context.User = ClaimReader.ToUserIdentity(check.Token!);
            context.UserToken = userToken;
        }

        context.Tenant = context.User is { } user ? new TenantContext(user.TenantId, user.TenantId is null ? TenantSource.None : TenantSource.UserToken)
            : context.Service?.TenantId is { } serviceTenant ? new TenantContext(serviceTenant, TenantSource.ServiceToken)
            : context.Tenant;
        if (context.Service is not null || context.User is not null)
        {
            Log.RequestAuthenticated(_logger, context.Service?.ServiceId, context.User?.UserId, context.Tenant.TenantId);
        }

        return null;
    }

    private AuthFailure Reject(ServiceAuthContext context, string kind, string code, string detail)
    {
        context.FailureCode = code;
        context.FailureDetail = detail;
        Log.TokenRejected(_logger, kind, code, context.Correlation.CorrelationId);
        return new AuthFailure(code, detail);
    }
}
