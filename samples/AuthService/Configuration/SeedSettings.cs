using AuthService.Accounts;

namespace AuthService.Configuration;

/// <summary>The seed read from configuration: scopes and service accounts, checked before anything is stored.</summary>
internal sealed class SeedSettings
{
    public required IReadOnlyList<ScopeSettings> Scopes { get; init; }

    public required IReadOnlyList<ServiceAccountSettings> Accounts { get; init; }

    public static SeedSettings Read(IConfiguration configuration)
    {
        var seed = new SeedSettings
        {
            Scopes = configuration.GetSection(ScopeSettings.SectionName).Get<List<ScopeSettings>>() ?? [],
            Accounts = configuration.GetSection(ServiceAccountSettings.SectionName).Get<List<ServiceAccountSettings>>() ?? [],
        };
        seed.Validate();
        return seed;
    }

    /// <summary>Fails start-up with a message that says what is wrong; never quotes a secret.</summary>
    private void Validate()
    {
        var errors = new List<string>();
        var scopeNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in Scopes)
        {
            if (string.IsNullOrWhiteSpace(scope.Name) || scope.Name.Contains(' ', StringComparison.Ordinal))
            {
                errors.Add($"Scopes: '{scope.Name}' is not a valid scope name (non-empty, no spaces).");
            }
            else if (!scopeNames.Add(scope.Name))
            {
                errors.Add($"Scopes: '{scope.Name}' is declared twice.");
            }

            if (scope.Audiences.Count == 0 || scope.Audiences.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"Scopes: '{scope.Name}' needs at least one non-empty audience (the service that honours it).");
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in Accounts)
        {
            if (string.IsNullOrWhiteSpace(account.Id))
            {
                errors.Add("ServiceAccounts: an account has no Id.");
                continue;
            }

            if (!ids.Add(account.Id))
            {
                errors.Add($"ServiceAccounts: '{account.Id}' is declared twice.");
            }

            if (account.Secret.Length < 16 && !(account.Secret.Length == 0 && account.HasCertificateRegistration))
            {
                errors.Add($"ServiceAccounts: '{account.Id}' needs a Secret of at least 16 characters (or, for a certificate-only account, none and a certificate registration).");
            }

            if (!string.IsNullOrWhiteSpace(account.TlsClientAuthSanUri) && !Uri.IsWellFormedUriString(account.TlsClientAuthSanUri, UriKind.Absolute))
            {
                errors.Add($"ServiceAccounts: '{account.Id}' has a TlsClientAuthSanUri that is not an absolute URI.");
            }

            if (!string.IsNullOrWhiteSpace(account.SelfSignedCertificate) && CertificateRegistration.ParseSelfSigned(account.SelfSignedCertificate) is null)
            {
                errors.Add($"ServiceAccounts: '{account.Id}' has a SelfSignedCertificate that is not a PEM self-signed client-auth certificate.");
            }

            foreach (var scope in account.Scopes.Where(s => !scopeNames.Contains(s)))
            {
                errors.Add($"ServiceAccounts: '{account.Id}' asks for scope '{scope}', which the Scopes section does not declare.");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("AuthService seed configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
    }
}
