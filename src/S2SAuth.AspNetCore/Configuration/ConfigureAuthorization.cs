using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using S2SAuth.Authorization;

namespace S2SAuth.Configuration;

/// <summary>Protects every endpoint by default: fallback and default policies need the configured identities.</summary>
internal sealed class ConfigureAuthorization : IConfigureOptions<AuthorizationOptions>
{
    private readonly IOptions<ServiceAuthOptions> _options;

    public ConfigureAuthorization(IOptions<ServiceAuthOptions> options) => _options = options;

    public void Configure(AuthorizationOptions options)
    {
        var policy = new AuthorizationPolicyBuilder(ServiceAuthDefaults.AuthenticationScheme)
            .AddRequirements(new IdentityRequirement(_options.Value.DefaultRequiredIdentities))
            .Build();
        options.FallbackPolicy = policy;
        options.DefaultPolicy = policy;
    }
}
