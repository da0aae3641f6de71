namespace S2SAuth.Client.Tokens;

/// <summary>Asks the issuer for one token. Never throws for an expected failure.</summary>
internal interface IServiceTokenSource
{
    Task<TokenResult> RequestAsync(TokenKey key, CancellationToken cancellationToken);
}
