namespace S2SAuth.Client.Tokens;

/// <summary>
/// Asks the issuer for one token. Never throws for an expected failure. The seam behind <see cref="ServiceTokenCache"/>:
/// a workload-identity or secret-store source would replace the registration of <see cref="ClientCredentialsTokenSource"/>.
/// Internal by decision: its signature is made of internal types (<see cref="TokenKey"/>, <see cref="TokenResult"/>,
/// <see cref="CachedToken"/>), and a public seam would first need public forms of them; no second source exists yet.
/// </summary>
internal interface IServiceTokenSource
{
    Task<TokenResult> RequestAsync(TokenKey key, CancellationToken cancellationToken);
}
