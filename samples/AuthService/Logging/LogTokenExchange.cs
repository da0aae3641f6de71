using AuthService.Issuance;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthService.Logging;

/// <summary>
/// One log line per token-exchange answer, whoever decided it (OpenIddict or <see cref="CheckTokenExchange"/>):
/// the exchange (client, user, audience, scopes, actor depth) or the refusal (client, OAuth error, description).
/// Runs after OpenIddict has normalised the error (<c>invalid_token</c> → <c>invalid_grant</c>). Never a token: the
/// descriptions name only registered audiences and scopes; the client id, which the caller chose when authentication
/// failed, is cleaned of control characters and cut to 100 characters.
/// </summary>
internal sealed class LogTokenExchange(ILogger<LogTokenExchange> logger) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<LogTokenExchange>()
            .SetOrder(OpenIddictServerHandlers.Exchange.NormalizeErrorResponse.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Request is not { } request || !request.IsTokenExchangeGrantType())
        {
            return ValueTask.CompletedTask;
        }

        if (!string.IsNullOrEmpty(context.Error))
        {
            Log.TokenExchangeRefused(logger, Clean(request.ClientId), context.Error, Clean(context.Response.ErrorDescription) ?? "(no description)");
        }
        else if (context.Transaction.GetProperty<TokenExchangeGrant>(TokenExchangeGrant.TransactionKey) is { } grant)
        {
            Log.TokenExchanged(logger, grant.ClientId, grant.UserId, grant.Audience, string.Join(' ', grant.Scopes), grant.ActorDepth);
        }

        return ValueTask.CompletedTask;
    }

    private static string? Clean(string? text) =>
        text is null ? null : string.Concat(text.Take(100).Select(static c => char.IsControl(c) ? '?' : c));
}
