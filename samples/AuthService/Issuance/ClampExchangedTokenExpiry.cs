using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthService.Issuance;

/// <summary>
/// Makes an exchanged token end no later than its subject token, to the second: OpenIddict computes <c>exp</c> as its
/// own "now" plus the lifetime <see cref="IssueExchangedToken"/> asked for, a few milliseconds after the policy measured
/// the time left, so the principal's expiry is clamped to the subject's right after OpenIddict has prepared it.
/// </summary>
internal sealed class ClampExchangedTokenExpiry : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<ClampExchangedTokenExpiry>()
            .SetOrder(OpenIddictServerHandlers.PrepareIssuedTokenPrincipal.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (!context.Request.IsTokenExchangeGrantType() || context.IssuedTokenPrincipal is not { } principal
            || context.Transaction.GetProperty<TokenExchangeGrant>(TokenExchangeGrant.TransactionKey) is not { SubjectExpires: { } subjectExpires })
        {
            return ValueTask.CompletedTask;
        }

        if (principal.GetExpirationDate() is not { } expires || expires > subjectExpires)
        {
            principal.SetExpirationDate(subjectExpires);
        }

        return ValueTask.CompletedTask;
    }
}
