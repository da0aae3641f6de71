namespace AuthService.Configuration;

/// <summary>
/// The token-exchange policy (RFC 8693, the <c>TokenExchange</c> section): which service accounts may exchange a user's
/// token, for which audiences and with which scopes, and how long an actor chain may grow. Off (no client may exchange)
/// when <see cref="Clients"/> is empty. Checked at start-up by <see cref="TokenExchangePolicy.Read"/>.
/// </summary>
public sealed class TokenExchangeSettings
{
    public const string SectionName = "TokenExchange";

    /// <summary>Largest <see cref="MaxActorDepth"/> accepted: every level is one nested <c>act</c> object.</summary>
    public const int MaxActorDepthLimit = 16;

    /// <summary>Client id → what it may exchange for. A client not listed gets <c>unauthorized_client</c>.</summary>
    public Dictionary<string, TokenExchangeClientSettings> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Most actors an exchanged token may name (its <c>act</c> chain, this exchange included). Default 5, at most 16.</summary>
    public int MaxActorDepth { get; set; } = 5;
}
