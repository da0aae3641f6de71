namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>The token-exchange tests share one issuer seeded with <see cref="TokenExchangeIssuer"/>'s policy.</summary>
[CollectionDefinition(Name)]
public sealed class TokenExchangeCollection : ICollectionFixture<TokenExchangeIssuer>
{
    public const string Name = "TokenExchange";
}
