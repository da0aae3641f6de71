using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthService.Revocation;

/// <summary>
/// Runs at the RFC 7009 revocation endpoint after OpenIddict has authenticated the client, checked that the token is
/// its own and marked the token entry revoked: publishes the access token's issuer + <c>jti</c> (until its <c>exp</c>)
/// to the services' revocation store. A store that cannot record it fails the request (503-class server error), so the
/// caller retries instead of believing the token dead everywhere.
/// </summary>
internal sealed class PublishRevokedToken(RevocationPublisher publisher) : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<PublishRevokedToken>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>OpenIddict's token type of an access token (RFC 8693's identifier).</summary>
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        var principal = context.GenericTokenPrincipal;
        if (principal is null || !publisher.Enabled || !principal.HasTokenType(AccessTokenType)
            || principal.GetClaim(Claims.JwtId) is not { Length: > 0 } jti || principal.GetExpirationDate() is not { } expiresAt)
        {
            return;
        }

        try
        {
            await publisher.TokenRevokedAsync(jti, principal.GetClaim(Claims.Issuer), expiresAt, context.Request.ClientId, context.CancellationToken);
        }
        catch (InvalidOperationException)
        {
            context.Reject(Errors.ServerError, "The revocation could not be published to the services; retry.");
        }
    }
}
