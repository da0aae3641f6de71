using System.Collections.Immutable;
using System.Security.Claims;
using AuthService.Configuration;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthService.Issuance;

/// <summary>
/// The sample's token-exchange policy (RFC 8693), run on a token-exchange request after OpenIddict has authenticated the
/// client and validated the subject token (signature, issuer, <c>typ at+jwt</c>, expiry, token entry when it has one) and
/// before OpenIddict's own permission checks, so each refusal carries the RFC's error:
/// the client must be listed (<c>unauthorized_client</c>); exactly one target, from <c>audience</c> or <c>resource</c>,
/// that the policy allows it (<c>invalid_target</c>); a user token (<c>type=user</c>) naming the client as an audience or
/// presenter (<c>invalid_grant</c>); at least one scope, each allowed for the client and held by the subject token
/// (<c>invalid_scope</c>, never narrowed silently); an <c>act</c> chain that stays within <c>MaxActorDepth</c>
/// (<c>invalid_grant</c>). The decision goes to <see cref="IssueExchangedToken"/> through the transaction.
/// </summary>
internal sealed class CheckTokenExchange(TokenExchangePolicy policy)
    : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<CheckTokenExchange>()
            .SetOrder(CheckServiceAccount.Descriptor.Order + 100)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (!context.Request.IsTokenExchangeGrantType())
        {
            return ValueTask.CompletedTask;
        }

        var clientId = context.ClientId;
        if (string.IsNullOrEmpty(clientId) || policy.For(clientId) is not { } client)
        {
            return Refuse(context, Errors.UnauthorizedClient, "This client may not exchange tokens.");
        }

        // OpenIddict has already refused audiences and resources it does not know (invalid_target), so these are registered names.
        var targets = context.Request.GetAudiences().Concat(context.Request.GetResources()).Distinct(StringComparer.Ordinal).ToArray();
        if (targets.Length != 1)
        {
            return Refuse(context, Errors.InvalidTarget, $"Ask for exactly one audience (the audience or resource parameter), not {targets.Length}.");
        }

        var audience = targets[0];
        if (!client.Audiences.Contains(audience, StringComparer.Ordinal))
        {
            return Refuse(context, Errors.InvalidTarget, $"This client may not exchange tokens for the audience '{audience}'.");
        }

        var subject = context.SubjectTokenPrincipal;
        if (subject is null || subject.GetClaim(Claims.Subject) is not { Length: > 0 } userId)
        {
            return Refuse(context, Errors.InvalidGrant, "The subject token has no subject.");
        }

        if (!string.Equals(subject.GetClaim(ServiceClaims.Type), ServiceClaims.UserType, StringComparison.Ordinal))
        {
            return Refuse(context, Errors.InvalidGrant, "The subject token must be a user token (type=user).");
        }

        // OpenIddict checks this itself only for subject tokens that carry both an audience and a presenter
        // (azp/client_id), which our user tokens do not: the same rule, for every subject token.
        if (!subject.HasAudience(clientId) && !subject.HasPresenter(clientId))
        {
            return Refuse(context, Errors.InvalidGrant, "The subject token was not issued to this client.");
        }

        ImmutableArray<string> requested = [.. context.Request.GetScopes().Distinct(StringComparer.Ordinal)];
        if (requested.IsEmpty)
        {
            return Refuse(context, Errors.InvalidScope, "Ask for at least one scope.");
        }

        var held = HeldScopes(subject);
        foreach (var scope in requested)
        {
            if (!client.Scopes.Contains(scope, StringComparer.Ordinal))
            {
                return Refuse(context, Errors.InvalidScope, $"This client may not exchange tokens for the scope '{scope}'.");
            }

            if (!held.Contains(scope))
            {
                return Refuse(context, Errors.InvalidScope, $"The subject token does not hold the scope '{scope}'.");
            }
        }

        var previousActor = subject.GetClaims(ActorChain.Claim) switch
        {
            { Length: 0 } => null,
            { Length: 1 } single => single[0],
            _ => "[]", // several act claims: not a chain
        };
        if (ActorChain.Depth(previousActor, policy.MaxActorDepth) is not { } previousDepth)
        {
            return Refuse(context, Errors.InvalidGrant, "The subject token's act claim is not a valid actor chain.");
        }

        var depth = previousDepth + 1;
        if (depth > policy.MaxActorDepth)
        {
            return Refuse(context, Errors.InvalidGrant, $"The actor chain would exceed {policy.MaxActorDepth} actors.");
        }

        var now = context.Options.TimeProvider.GetUtcNow();
        var subjectExpires = subject.GetExpirationDate();
        if (subjectExpires <= now)
        {
            return Refuse(context, Errors.InvalidGrant, "The subject token has expired.");
        }

        // exp = min(now + access token lifetime, the subject token's exp). OpenIddict counts from its own "now" cut to the
        // second, so the time left is rounded up here and ClampExchangedTokenExpiry cuts any excess: the bound is exact.
        var remaining = subjectExpires is { } expires ? TimeSpan.FromSeconds(Math.Ceiling((expires - now).TotalSeconds)) : TimeSpan.FromDays(1);
        var lifetime = context.Options.AccessTokenLifetime is { } configured && configured < remaining ? configured : remaining;

        context.Transaction.SetProperty(TokenExchangeGrant.TransactionKey, new TokenExchangeGrant(
            clientId, userId, subject.GetClaim(ServiceClaims.TenantId), audience, requested,
            ActorChain.Nest(clientId, previousActor), depth, lifetime, subjectExpires));
        return ValueTask.CompletedTask;
    }

    /// <summary>What the subject token grants: its <c>permissions</c>, <c>scope</c> and <c>scopes</c>.</summary>
    private static HashSet<string> HeldScopes(ClaimsPrincipal subject)
    {
        var held = new HashSet<string>(subject.GetClaims(ServiceClaims.Permissions), StringComparer.Ordinal);
        held.UnionWith(subject.GetClaims(ServiceClaims.Scopes));
        held.UnionWith(subject.GetScopes());
        foreach (var scope in subject.GetClaims(Claims.Scope))
        {
            held.UnionWith(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        return held;
    }

    // The description is the logged reason too (LogTokenExchange): names of registered audiences and scopes, never a token.
    private static ValueTask Refuse(ValidateTokenRequestContext context, string error, string description)
    {
        context.Reject(error, description);
        return ValueTask.CompletedTask;
    }
}
