namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>The test classes that share one running AuthService (and run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class AuthServiceCollection : ICollectionFixture<AuthServiceFixture>
{
    public const string Name = "AuthService";
}
