using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthService.Issuance;

/// <summary>
/// Handles the token-exchange grant inside OpenIddict's pipeline, with what <see cref="CheckTokenExchange"/> decided:
/// a new principal (not OpenIddict's default clone of the subject token) with <c>sub</c> = the user, <c>type=user</c>,
/// the user's <c>tenant_id</c>, <c>permissions</c> = the granted scopes as a JSON array, no <c>roles</c>, the scopes
/// (OpenIddict writes <c>scope</c>), the one audience as its resource (OpenIddict writes <c>aud</c>), the nested
/// <c>act</c> chain and a lifetime that ends no later than the subject token. OpenIddict adds <c>iss</c>, <c>iat</c>,
/// <c>nbf</c>, <c>exp</c>, a new <c>jti</c> and <c>client_id</c>, stores the token entry, signs it and answers with
/// <c>issued_token_type</c> = access token and <c>token_type</c> = Bearer.
/// </summary>
internal sealed class IssueExchangedToken : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseSingletonHandler<IssueExchangedToken>()
            .SetOrder(OpenIddictServerHandlers.Exchange.AttachPrincipal.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        if (!context.Request.IsTokenExchangeGrantType())
        {
            return ValueTask.CompletedTask;
        }

        if (context.Transaction.GetProperty<TokenExchangeGrant>(TokenExchangeGrant.TransactionKey) is not { } grant
            || !string.Equals(grant.ClientId, context.ClientId, StringComparison.Ordinal))
        {
            // Never OpenIddict's default (a copy of the subject token): without the policy's decision, no token.
            context.Reject(Errors.ServerError, "The token exchange could not be completed.");
            return ValueTask.CompletedTask;
        }

        var identity = new ClaimsIdentity(authenticationType: "S2SAuth.AuthService", nameType: Claims.Subject, roleType: Claims.Role);
        identity.SetClaim(Claims.Subject, grant.UserId)
            .SetClaim(ServiceClaims.Type, ServiceClaims.UserType)
            .SetClaim(ServiceClaims.TenantId, grant.TenantId);
        identity.AddClaim(new Claim(ServiceClaims.Permissions, JsonSerializer.Serialize(grant.Scopes), JsonClaimValueTypes.JsonArray));
        identity.AddClaim(new Claim(ActorChain.Claim, grant.Actor, JsonClaimValueTypes.Json));
        identity.SetScopes(grant.Scopes);
        identity.SetResources(grant.Audience);
        identity.SetAccessTokenLifetime(grant.Lifetime);
        identity.SetDestinations(static _ => [Destinations.AccessToken]);

        context.SignIn(new ClaimsPrincipal(identity));
        return ValueTask.CompletedTask;
    }
}
