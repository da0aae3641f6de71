using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using S2SAuth.Caching;
using S2SAuth.Certificates;
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
    private readonly ServiceCredentials _credentials;
    private readonly ILogger _logger;
    private readonly LiveCheck? _liveCheck;

    public RequestAuthenticator(CachedTokenVerifier verifier, ServiceCredentials credentials, ILogger<RequestAuthenticator> logger, LiveCheck? liveCheck = null)
    {
        _verifier = verifier;
        _credentials = credentials;
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

        // The certificate the request presents is looked up only where a rule needs it (a bound token, a certificate
        // policy): the lookup is cached per request and per connection, so asking again costs nothing. A forwarded
        // certificate header is screened on every request, so a spoofed one is dropped wherever it is sent.
        _credentials.ScreenForwardedHeader(http);
        var endpoint = http.GetEndpoint();
        var policy = _credentials.PolicyFor(endpoint);

        VerifiedToken? service = null;
        if (tokens.Service is { } serviceToken)
        {
            var check = await _verifier.VerifyAsync(serviceToken, TokenKind.Service, http.RequestAborted).ConfigureAwait(false);
            if (!check.Succeeded)
            {
                return Reject(http, context, "Service", check.ErrorCode!, check.Detail!, check.Claim);
            }

            service = check.Token!;
            var bindingRequired = policy == ServiceCredentialPolicy.BoundToken;
            if ((service.Binding.IsBound || bindingRequired) && Binding(http, service, bindingRequired) is { } unbound)
            {
                return Reject(http, context, "Service", unbound.Code, unbound.Detail, "cnf");
            }

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
            if (user.Binding.IsBound && Binding(http, user, bindingRequired: false) is { } unbound)
            {
                context.Service = null;
                return Reject(http, context, "User", unbound.Code, unbound.Detail, "cnf");
            }

            context.User = user.User;
            context.UserToken = user.Token;
        }

        // A certificate proves the service where the endpoint accepts one: always under Certificate, without a token under TokenOrCertificate.
        var serviceIdentity = service?.Service;
        var serviceTenant = service?.Tenant;
        if (policy == ServiceCredentialPolicy.Certificate || (policy == ServiceCredentialPolicy.TokenOrCertificate && service is null))
        {
            var certificate = _credentials.Presented(http, out var presentedRefusal);
            if (presentedRefusal is not null || (certificate is null && policy == ServiceCredentialPolicy.Certificate))
            {
                var refusal = presentedRefusal ?? new CertificateRefusal(AuthErrorCodes.CertificateMissing, "The endpoint needs a client certificate and the request presents none.");
                return RejectCertificate(http, context, ServiceCredentialKind.Certificate, refusal);
            }

            if (certificate is not null)
            {
                var proof = _credentials.Check(certificate);
                if (proof.Refusal is { } refusal)
                {
                    return RejectCertificate(http, context, certificate.Kind, refusal);
                }

                if (service is not null && !string.Equals(service.Service!.ServiceId, proof.Identity!.ServiceId, StringComparison.Ordinal))
                {
                    return RejectCertificate(http, context, certificate.Kind,
                        new CertificateRefusal(AuthErrorCodes.CredentialConflict, "The service token and the client certificate name different services."));
                }

                (serviceIdentity, serviceTenant) = (proof.Identity, null);
                context.Service = serviceIdentity;
            }
        }

        if (serviceIdentity is null && user is null)
        {
            return default;
        }

        // Central verification (RFC 7662), after local verification, on endpoints that need the issuer's live answer.
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

        TenantDerivation.Apply(http, context, serviceTenant, user);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            // Token claims are the issuer's, yet they came with the request: escaped like any caller text.
            var serviceId = RequestText.Escape(context.Service?.ServiceId);
            var userId = RequestText.Escape(context.User?.UserId);
            var tenantId = RequestText.Escape(context.Tenant.TenantId);
            Log.RequestAuthenticated(_logger, serviceId, userId, tenantId);
        }

        return new RequestAuthentication(null, PrincipalFactory.Create(serviceIdentity, user?.User));
    }

    /// <summary>The binding rule of one token; a forwarded certificate header that is malformed refuses a bound token too.</summary>
    private CertificateRefusal? Binding(HttpContext http, VerifiedToken token, bool bindingRequired)
    {
        var certificate = _credentials.Presented(http, out var presentedRefusal);
        return presentedRefusal is not null && token.Binding.IsBound ? presentedRefusal : ServiceCredentials.CheckBinding(token, certificate, bindingRequired);
    }

    private RequestAuthentication RejectCertificate(HttpContext http, ServiceAuthContext context, ServiceCredentialKind credential, CertificateRefusal refusal)
    {
        (context.Service, context.User, context.UserToken) = (null, null, null);
        Log.CertificateRefused(_logger, credential, refusal.Code, context.Correlation.CorrelationId);
        var kept = Refusal.Authentication(refusal.Code, refusal.Detail).KeepOn(http);
        return new RequestAuthentication(new AuthFailure(kept), null);
    }

    /// <summary>The one refusal of a failed authentication: kept on the request, and carried by the failure handed to ASP.NET Core.</summary>
    private RequestAuthentication Reject(HttpContext http, ServiceAuthContext context, string kind, string code, string detail, string? claim = null)
    {
        var refusal = Refusal.Authentication(code, detail, claim).KeepOn(http);
        Log.TokenRejected(_logger, kind, code, context.Correlation.CorrelationId);
        return new RequestAuthentication(new AuthFailure(refusal), null);
    }
}
