using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using S2SAuth.Caching;
using S2SAuth.Certificates;
using S2SAuth.Delegation;
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
    private readonly IServiceCredentialReader[] _readers;
    private readonly DelegationCheck _delegation;

    public RequestAuthenticator(CachedTokenVerifier verifier, ServiceCredentials credentials, ILogger<RequestAuthenticator> logger,
        IEnumerable<IServiceCredentialReader> readers, DelegationCheck delegation, LiveCheck? liveCheck = null)
    {
        _verifier = verifier;
        _delegation = delegation;
        _credentials = credentials;
        _logger = logger;
        _readers = readers.ToArray();
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
        var tokenAccepted = (policy & (ServiceCredentialPolicy.Token | ServiceCredentialPolicy.BoundToken)) != 0;

        VerifiedToken? service = null;
        if (tokens.Service is { } serviceToken)
        {
            var check = await _verifier.VerifyAsync(serviceToken, TokenKind.Service, http.RequestAborted).ConfigureAwait(false);
            if (!check.Succeeded)
            {
                return Reject(http, context, "Service", check.ErrorCode!, check.Detail!, check.Claim);
            }

            service = check.Token!;
            var bindingRequired = (policy & ServiceCredentialPolicy.BoundToken) != 0 && (policy & ServiceCredentialPolicy.Token) == 0;
            if ((service.Binding.IsBound || bindingRequired) && Binding(http, service, bindingRequired) is { } unbound)
            {
                return Reject(http, context, "Service", unbound.Code, unbound.Detail, "cnf");
            }

            context.Service = tokenAccepted ? service.Service : null;
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

        // Another credential proves the service where the endpoint accepts it and no accepted token did: a certificate
        // first, then the registered readers (signed requests, API keys) in order. A service token sent along with it is
        // verified above and must name the same service.
        var serviceIdentity = tokenAccepted ? service?.Service : null;
        var serviceTenant = tokenAccepted ? service?.Tenant : null;
        if (serviceIdentity is null && (policy & ServiceCredentialPolicy.Certificate) != 0)
        {
            var certificate = _credentials.Presented(http, out var presentedRefusal);
            if (presentedRefusal is not null)
            {
                return RejectCertificate(http, context, ServiceCredentialKind.Certificate, presentedRefusal);
            }

            if (certificate is not null)
            {
                var proof = _credentials.Check(certificate);
                if (proof.Refusal is { } refusal)
                {
                    return RejectCertificate(http, context, certificate.Kind, refusal);
                }

                if (Conflicts(service, proof.Identity!))
                {
                    return RejectCertificate(http, context, certificate.Kind,
                        new CertificateRefusal(AuthErrorCodes.CredentialConflict, "The service token and the client certificate name different services."));
                }

                (serviceIdentity, serviceTenant) = (proof.Identity, null);
            }
        }

        if (serviceIdentity is null)
        {
            foreach (var reader in _readers)
            {
                if ((policy & reader.Policy) == 0 || !reader.IsPresented(http.Request))
                {
                    continue;
                }

                var proof = await reader.ProveAsync(http, http.RequestAborted).ConfigureAwait(false);
                if (proof.Identity is not { } proven)
                {
                    return RejectCredential(http, context, reader.Policy, proof.Code!, proof.Detail!, proof.Claim);
                }

                if (Conflicts(service, proven))
                {
                    return RejectCredential(http, context, reader.Policy, AuthErrorCodes.CredentialConflict,
                        $"The service token and {reader.Description} name different services.");
                }

                (serviceIdentity, serviceTenant) = (proven, proof.Tenant);
                break;
            }
        }

        if (serviceIdentity is null && NothingAcceptedProves(http, policy, tokenAccepted, service, user) is { } missing)
        {
            return RejectCredential(http, context, policy, missing.Code, missing.Detail);
        }

        context.Service = serviceIdentity;
        if (serviceIdentity is null && user is null)
        {
            return default;
        }

        // RFC 8693 delegation: the service a user token was exchanged for must be the one calling (any credential).
        if (user is not null && _delegation.Check(user.User!, serviceIdentity) is { } delegation)
        {
            return RejectDelegation(http, context, delegation.Code, delegation.Detail);
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

    private static bool Conflicts(VerifiedToken? service, ServiceIdentity proven) =>
        service is not null && !string.Equals(service.Service!.ServiceId, proven.ServiceId, StringComparison.Ordinal);

    /// <summary>
    /// Why no accepted credential proved the service, when that is the request's answer: always on an endpoint that takes
    /// no token (a certificate-only endpoint keeps its <c>certificate_missing</c>); on one that takes tokens only when the
    /// request carries no identity at all but a credential the endpoint does not accept (else the endpoint's required
    /// identities decide, as for any request without a token).
    /// </summary>
    private (string Code, string Detail)? NothingAcceptedProves(HttpContext http, ServiceCredentialPolicy policy, bool tokenAccepted, VerifiedToken? service, VerifiedToken? user)
    {
        var unaccepted = service is not null && !tokenAccepted ? "a service token" : null;
        foreach (var reader in _readers)
        {
            if (unaccepted is null && (policy & reader.Policy) == 0 && reader.IsPresented(http.Request))
            {
                unaccepted = reader.Description;
            }
        }

        if (tokenAccepted)
        {
            return unaccepted is not null && user is null
                ? (AuthErrorCodes.CredentialNotAccepted, $"The endpoint does not accept {unaccepted}; it accepts {Accepted(policy)}.")
                : null;
        }

        if (policy == ServiceCredentialPolicy.Certificate)
        {
            return (AuthErrorCodes.CertificateMissing, "The endpoint needs a client certificate and the request presents none.");
        }

        return unaccepted is not null
            ? (AuthErrorCodes.CredentialNotAccepted, $"The endpoint does not accept {unaccepted}; it accepts {Accepted(policy)}.")
            : (AuthErrorCodes.CredentialMissing, $"The endpoint needs {Accepted(policy)}, and the request presents none.");
    }

    /// <summary>The credentials <paramref name="policy"/> accepts, in words for a refusal's detail.</summary>
    private string Accepted(ServiceCredentialPolicy policy)
    {
        var names = new List<string>(4);
        if ((policy & ServiceCredentialPolicy.Token) != 0)
        {
            names.Add("a service token (X-Service-Token)");
        }
        else if ((policy & ServiceCredentialPolicy.BoundToken) != 0)
        {
            names.Add("a certificate-bound service token (X-Service-Token)");
        }

        if ((policy & ServiceCredentialPolicy.Certificate) != 0)
        {
            names.Add("a client certificate");
        }

        foreach (var reader in _readers)
        {
            if ((policy & reader.Policy) != 0)
            {
                names.Add(reader.Description);
            }
        }

        return names.Count == 0 ? "no credential this service is configured for" : string.Join(" or ", names);
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

    private RequestAuthentication RejectCredential(HttpContext http, ServiceAuthContext context, ServiceCredentialPolicy credential, string code, string detail, string? claim = null)
    {
        (context.Service, context.User, context.UserToken) = (null, null, null);
        Log.CredentialRefused(_logger, credential, code, context.Correlation.CorrelationId);
        var kept = Refusal.Authentication(code, detail, claim).KeepOn(http);
        return new RequestAuthentication(new AuthFailure(kept), null);
    }

    /// <summary>A delegation refusal, logged with the chain's most recent actor and the caller (the issuer's ids, escaped), never the token.</summary>
    private RequestAuthentication RejectDelegation(HttpContext http, ServiceAuthContext context, string code, string detail)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var actors = context.User!.Actors;
            var actor = RequestText.Escape(actors.Count > 0 ? actors[0] : null, 256);
            var caller = RequestText.Escape(context.Service?.ServiceId, 256);
            Log.DelegationRefused(_logger, code, actor, caller, context.Service?.Credential, context.Correlation.CorrelationId);
        }

        (context.Service, context.User, context.UserToken) = (null, null, null);
        var refusal = Refusal.Authentication(code, detail, ActorChain.Claim).KeepOn(http);
        return new RequestAuthentication(new AuthFailure(refusal), null);
    }

    /// <summary>The one refusal of a failed authentication: kept on the request, and carried by the failure handed to ASP.NET Core.</summary>
    private RequestAuthentication Reject(HttpContext http, ServiceAuthContext context, string kind, string code, string detail, string? claim = null)
    {
        var refusal = Refusal.Authentication(code, detail, claim).KeepOn(http);
        Log.TokenRejected(_logger, kind, code, context.Correlation.CorrelationId);
        return new RequestAuthentication(new AuthFailure(refusal), null);
    }
}
