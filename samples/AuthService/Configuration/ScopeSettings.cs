namespace AuthService.Configuration;

/// <summary>
/// One scope the issuer knows (an entry of the <c>Scopes</c> section), with the audiences (<c>aud</c>) a token
/// granting it is issued for: scope <c>pricing.resolve</c> → audience <c>pricing-service</c>.
/// </summary>
public sealed class ScopeSettings
{
    public const string SectionName = "Scopes";

    public string Name { get; set; } = "";

    /// <summary>The services that honour this scope; stored as the OpenIddict scope's resources.</summary>
    public List<string> Audiences { get; set; } = [];
}
