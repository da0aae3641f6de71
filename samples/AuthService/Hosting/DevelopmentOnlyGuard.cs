using AuthService.Configuration;

namespace AuthService.Hosting;

/// <summary>
/// What only the Development environment may use: the dev user token endpoint and the committed demo secrets.
/// Outside Development the issuer refuses to start when configuration asks for either, with a message naming the
/// keys and accounts, never a secret. (Plain HTTP is the third: it is relaxed only in Development, see
/// <see cref="AuthServiceRegistration"/>.)
/// </summary>
internal static class DevelopmentOnlyGuard
{
    /// <summary>Every secret committed with the samples starts with this, so it is recognised wherever it is configured.</summary>
    public const string DemoSecretPrefix = "demo-only-";

    public static void Check(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return;
        }

        var errors = new List<string>();
        if (configuration.GetSection(DevUserTokenSettings.SectionName).Get<DevUserTokenSettings>()?.Enabled == true)
        {
            errors.Add($"DevUserTokens:Enabled is true, but POST /dev/user-tokens mints user tokens without authentication and is only allowed in the Development environment (this is '{environment.EnvironmentName}').");
        }

        var accounts = configuration.GetSection(ServiceAccountSettings.SectionName).Get<List<ServiceAccountSettings>>() ?? [];
        foreach (var account in accounts.Where(a => a.Secret.StartsWith(DemoSecretPrefix, StringComparison.Ordinal)))
        {
            errors.Add($"ServiceAccounts: '{account.Id}' has a committed demo secret ('{DemoSecretPrefix}...'), only allowed in the Development environment; configure a real secret from a secret store.");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"AuthService refuses to start in the '{environment.EnvironmentName}' environment:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
    }
}
