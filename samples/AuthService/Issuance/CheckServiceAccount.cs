using AuthService.Accounts;
using AuthService.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthService.Issuance;

/// <summary>
/// Runs on every token request right after OpenIddict has authenticated the client (id + secret):
/// <list type="bullet">
/// <item>OpenIddict applications have no "disabled" flag: a disabled account is refused with <c>invalid_client</c>
/// and never gets a token, whatever it asks for;</item>
/// <item>a scope the account may not use is refused with RFC 6749's <c>invalid_scope</c> (OpenIddict's own scope
/// permission check, which runs next, would answer <c>invalid_request</c>).</item>
/// </list>
/// </summary>
internal sealed class CheckServiceAccount(ServiceAccountStore accounts, IOpenIddictApplicationManager applications, ILogger<CheckServiceAccount> logger)
    : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<CheckServiceAccount>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateAuthentication.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (context.ClientId is not { Length: > 0 } clientId)
        {
            return; // OpenIddict itself refuses anonymous clients at the token endpoint.
        }

        var account = await accounts.FindAsync(clientId, context.CancellationToken);
        if (account is null or { Disabled: true })
        {
            Log.DisabledAccountRefused(logger, clientId);
            context.Reject(Errors.InvalidClient, "The client application is disabled.");
            return;
        }

        var application = await applications.FindByClientIdAsync(clientId, context.CancellationToken);
        foreach (var scope in context.Request.GetScopes())
        {
            if (application is null || !await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope, context.CancellationToken))
            {
                Log.TokenRequestRefused(logger, clientId, $"scope '{scope}' is not allowed for this account");
                context.Reject(Errors.InvalidScope, $"This service account may not ask for the scope '{scope}'.");
                return;
            }
        }
    }
}
