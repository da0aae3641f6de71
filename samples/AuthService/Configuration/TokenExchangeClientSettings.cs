namespace AuthService.Configuration;

/// <summary>One entry of <c>TokenExchange:Clients</c>: what one service account may exchange a user token for.</summary>
public sealed class TokenExchangeClientSettings
{
    /// <summary>The audiences (downstream services) it may ask for, one per exchange.</summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>
    /// The scopes it may ask for; each must be declared in <c>Scopes</c> and be one of the account's own
    /// <c>ServiceAccounts:Scopes</c> (an exchange never gives a service a scope it could not ask for itself).
    /// </summary>
    public List<string> Scopes { get; set; } = [];
}
