namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>The test classes that share one running demo system (and run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class SampleSystemCollection : ICollectionFixture<SampleSystemFixture>
{
    public const string Name = "SampleSystem";
}
