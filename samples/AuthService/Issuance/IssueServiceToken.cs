using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using AuthService.Accounts;
using AuthService.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthService.Issuance;

/// <summary>
/// Handles the client-credentials grant inside OpenIddict's pipeline (no pass-through endpoint): builds the
/// service principal with the SPEC's claims — <c>sub</c> = client id, <c>type=service</c>, <c>scopes</c> as a JSON
/// array (OpenIddict adds the standard <c>scope</c> string), <c>tenant_id</c> for a tenant-scoped account — and the
/// audiences of the granted scopes as its resources, which OpenIddict writes as <c>aud</c>. OpenIddict adds
/// <c>iss</c>, <c>iat</c>, <c>nbf</c>, <c>exp</c>, <c>jti</c> and <c>client_id</c>, and signs it.
/// </summary>
internal sealed class IssueServiceToken(ServiceAccountStore accounts, IOpenIddictScopeManager scopes, ILogger<IssueServiceToken> logger)
    : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseScopedHandler<IssueServiceToken>()
            .SetOrder(OpenIddictServerHandlers.Exchange.AttachPrincipal.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        if (!context.Request.IsClientCredentialsGrantType())
        {
            return;
        }

        var clientId = context.ClientId!;
        var account = await accounts.FindAsync(clientId, context.CancellationToken);
        if (account is null or { Disabled: true })
        {
            // CheckServiceAccount already refused it; a second check costs nothing and fails closed.
            context.Reject(Errors.InvalidClient, "The client application is disabled.");
            return;
        }

        var granted = context.Request.GetScopes();
        if (granted.IsDefaultOrEmpty)
        {
            Log.TokenRequestRefused(logger, clientId, "no scope requested");
            context.Reject(Errors.InvalidScope, "Ask for at least one scope: a service token's audience comes from its scopes.");
            return;
        }

        var audiences = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var resource in scopes.ListResourcesAsync(granted, context.CancellationToken))
        {
            audiences.Add(resource);
        }

        var identity = new ClaimsIdentity(authenticationType: "S2SAuth.AuthService", nameType: Claims.Subject, roleType: Claims.Role);
        identity.SetClaim(Claims.Subject, clientId)
            .SetClaim(ServiceClaims.Type, ServiceClaims.ServiceType)
            .SetClaim(ServiceClaims.TenantId, account.TenantId);

        // One claim typed as a JSON array, so even a single scope is written as ["pricing.resolve"], not a string.
        identity.AddClaim(new Claim(ServiceClaims.Scopes, JsonSerializer.Serialize(granted), JsonClaimValueTypes.JsonArray));
        identity.SetScopes(granted);
        identity.SetResources(audiences.ToImmutableArray());
        identity.SetDestinations(static _ => [Destinations.AccessToken]);

        context.SignIn(new ClaimsPrincipal(identity));
        Log.ServiceTokenIssued(logger, clientId, string.Join(' ', granted), string.Join(' ', audiences), account.TenantId);
    }
}
