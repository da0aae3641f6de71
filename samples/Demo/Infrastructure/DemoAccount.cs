namespace Demo.Infrastructure;

/// <summary>A service account of the demo issuer. <see cref="ToString"/> never shows the secret.</summary>
public sealed class DemoAccount(string id, string secret)
{
    public string Id { get; } = id;

    public string Secret { get; } = secret;

    public override string ToString() => Id;
}
