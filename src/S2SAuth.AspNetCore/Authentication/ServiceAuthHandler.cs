using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using S2SAuth.Http;

namespace S2SAuth.Authentication;

/// <summary>
/// The ASP.NET Core authentication scheme of S2SAuth. No token: no result (the endpoint's required identities
/// decide). A token that fails: a failure carrying its error code. Challenge and forbid answer with problem details.
/// ASP.NET Core's own lines for the scheme ("S2SAuth was not authenticated. Failure message: ...", "was challenged",
/// "was forbidden", at Information, twice per refused request) are not written: S2SAuth's refusal is already in its own
/// lines, by code.
/// </summary>
internal sealed class ServiceAuthHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private readonly RequestAuthenticator _authenticator;
    private readonly ProblemResponder _problems;

    public ServiceAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, UrlEncoder encoder, RequestAuthenticator authenticator, ProblemResponder problems)
        : base(options, NullLoggerFactory.Instance, encoder) // S2SAuth logs its own refusals (TokenRejected, RequestRefused, the audit line)
    {
        _authenticator = authenticator;
        _problems = problems;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var context = ServiceAuthContext.GetOrCreate(Context);
        var outcome = await _authenticator.AuthenticateAsync(Context, context).ConfigureAwait(false);
        return outcome switch
        {
            { Failure: { } failure } => AuthenticateResult.Fail(failure),
            { Principal: { } principal } => AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)),
            _ => AuthenticateResult.NoResult(),
        };
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        ServiceAuthContext.GetOrCreate(Context); // the problem details carry the correlation id
        return _problems.WriteAsync(Context, Refusal.OfAuthentication(Context) ?? Refusal.Authentication(AuthErrorCodes.ServiceTokenMissing, null));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        _problems.WriteAsync(Context, StatusCodes.Status403Forbidden, AuthErrorCodes.Forbidden, null);
}
