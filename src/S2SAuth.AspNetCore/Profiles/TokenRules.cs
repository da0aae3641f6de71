namespace S2SAuth.Profiles;

/// <summary>
/// The token rules in force: <see cref="ServiceAuthOptions.Profile"/>'s defaults with every configured override applied,
/// settled once at start-up (the options are validated before). What <c>Verification</c> reads claims by.
/// </summary>
internal sealed class TokenRules
{
    public TokenRules(ServiceAuthOptions options)
    {
        var profile = ProviderProfiles.Of(options.Profile);
        var audiences = options.AllAudiences().ToArray();
        Recognition = options.ServiceTokenRecognition;
        AudienceClaim = options.AudienceClaim ?? profile.AudienceClaim;
        RequireAccessTokenType = profile.RequireAccessTokenType;
        EntraIssuers = profile.EntraIssuers;
        Service = new KindRules(profile.Service, options.ServiceTokens, options.MaxTokenLifetime, audiences);
        User = new KindRules(profile.User, options.UserTokens, options.MaxTokenLifetime, audiences);
    }

    public ServiceTokenRecognition Recognition { get; }

    /// <summary>The claim holding the audience: <c>aud</c> (checked by IdentityModel) or another, checked by S2SAuth.</summary>
    public string AudienceClaim { get; }

    /// <summary>Whether the audience is <c>aud</c>, checked by IdentityModel.</summary>
    public bool AudienceIsAud => string.Equals(AudienceClaim, "aud", StringComparison.Ordinal);

    public bool RequireAccessTokenType { get; }

    public bool EntraIssuers { get; }

    public KindRules Service { get; }

    public KindRules User { get; }

    public KindRules For(TokenKind kind) => kind == TokenKind.Service ? Service : User;
}
