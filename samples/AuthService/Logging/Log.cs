namespace AuthService.Logging;

/// <summary>The AuthService's own log events (ids 5000-5099). Never a secret or a token: ids, scopes and reasons only.</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Service account {ClientId} seeded: scopes [{Scopes}], tenant {TenantId}, {Status}.", EventName = "AccountSeeded")]
    public static partial void AccountSeeded(ILogger logger, string clientId, string scopes, string? tenantId, string status);

    [LoggerMessage(5001, LogLevel.Warning, "Service account {ClientId} is no longer configured and was removed.", EventName = "AccountRemoved")]
    public static partial void AccountRemoved(ILogger logger, string clientId);

    [LoggerMessage(5002, LogLevel.Warning, "Token refused to service account {ClientId}: the account is disabled.", EventName = "DisabledAccountRefused")]
    public static partial void DisabledAccountRefused(ILogger logger, string clientId);

    [LoggerMessage(5003, LogLevel.Information, "Service token issued to {ClientId}: scopes [{Scopes}], audiences [{Audiences}], tenant {TenantId}.", EventName = "ServiceTokenIssued")]
    public static partial void ServiceTokenIssued(ILogger logger, string clientId, string scopes, string audiences, string? tenantId);

    [LoggerMessage(5004, LogLevel.Information, "Token request of {ClientId} refused: {Reason}", EventName = "TokenRequestRefused")]
    public static partial void TokenRequestRefused(ILogger logger, string? clientId, string reason);

    [LoggerMessage(5005, LogLevel.Information, "Token exchanged by {ClientId} for user {UserId}: audience {Audience}, scopes [{Scopes}], actor depth {ActorDepth}.", EventName = "TokenExchanged")]
    public static partial void TokenExchanged(ILogger logger, string clientId, string userId, string audience, string scopes, int actorDepth);

    [LoggerMessage(5006, LogLevel.Warning, "Token exchange by {ClientId} refused with {Error}: {Reason}", EventName = "TokenExchangeRefused")]
    public static partial void TokenExchangeRefused(ILogger logger, string? clientId, string error, string reason);

    [LoggerMessage(5010, LogLevel.Warning, "DEVELOPMENT ONLY: POST /dev/user-tokens is enabled and mints user tokens without any authentication. Never enable it in production.", EventName = "DevUserTokensEnabled")]
    public static partial void DevUserTokensEnabled(ILogger logger);

    [LoggerMessage(5011, LogLevel.Information, "DEVELOPMENT ONLY: user token {TokenId} issued for {UserId} (tenant {TenantId}), audiences [{Audiences}].", EventName = "DevUserTokenIssued")]
    public static partial void DevUserTokenIssued(ILogger logger, string tokenId, string userId, string? tenantId, string audiences);

    [LoggerMessage(5020, LogLevel.Information, "AuthService listening on {Address}.", EventName = "Listening")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(5030, LogLevel.Warning, "Token {TokenId} of {ClientId} revoked (RFC 7009); published to the services' revocation store.", EventName = "TokenRevocationPublished")]
    public static partial void TokenRevocationPublished(ILogger logger, string tokenId, string? clientId);

    [LoggerMessage(5031, LogLevel.Warning, "Service account {ClientId} disabled; its tokens issued before now are cut off at every service.", EventName = "AccountCutOffPublished")]
    public static partial void AccountCutOffPublished(ILogger logger, string clientId);

    [LoggerMessage(5032, LogLevel.Error, "A revocation could not be published to the services ({ExceptionType}); retry it (docs/revocation.md).", EventName = "RevocationPublishFailed")]
    public static partial void RevocationPublishFailed(ILogger logger, string exceptionType);

    [LoggerMessage(5033, LogLevel.Warning, "No revocation store is configured (ServiceAuth:Revocation:Redis:Configuration): revoked tokens and disabled accounts stop only new tokens.", EventName = "NoRevocationStore")]
    public static partial void NoRevocationStore(ILogger logger);
}
