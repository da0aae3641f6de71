using Microsoft.Extensions.Options;
using S2SAuth.Client;

namespace S2SAuth.Configuration;

/// <summary>
/// Gives the outgoing token client the issuer and credentials of the shared <c>ServiceAuth</c> options — settings made in
/// code included — where the client's own options leave them unset. It applies the registered
/// <see cref="IConfigureOptions{TOptions}"/> of <see cref="ServiceAuthOptions"/> to a fresh instance rather than reading
/// <c>IOptions&lt;ServiceAuthOptions&gt;</c>, so a bad incoming setting is reported once, by its own validation.
/// </summary>
internal sealed class OutgoingSettingsFromServiceAuth : IConfigureOptions<ServiceTokenClientOptions>
{
    private readonly IEnumerable<IConfigureOptions<ServiceAuthOptions>> _configure;

    public OutgoingSettingsFromServiceAuth(IEnumerable<IConfigureOptions<ServiceAuthOptions>> configure) => _configure = configure;

    public void Configure(ServiceTokenClientOptions options)
    {
        var shared = new ServiceAuthOptions();
        foreach (var configure in _configure)
        {
            if (configure is IConfigureNamedOptions<ServiceAuthOptions> named)
            {
                named.Configure(Options.DefaultName, shared);
            }
            else
            {
                configure.Configure(shared);
            }
        }

        if (options.Authority is null && shared.Authority is not null)
        {
            options.Authority = shared.Authority;
            options.RequireHttpsMetadata = shared.RequireHttpsMetadata;
        }

        options.ClientId ??= shared.ClientId;
        options.ClientSecret ??= shared.ClientSecret;
    }
}
