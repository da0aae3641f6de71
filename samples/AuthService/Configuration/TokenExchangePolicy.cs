using System.Collections.Frozen;

namespace AuthService.Configuration;

/// <summary>
/// The checked token-exchange policy: per client the audiences and scopes it may exchange for, and for every declared
/// scope the audiences it is registered for (the <c>Scopes</c> section), so a scope is granted only for its own service.
/// </summary>
public sealed class TokenExchangePolicy
{
    private readonly FrozenDictionary<string, TokenExchangeClientSettings> _clients;
    private readonly FrozenDictionary<string, FrozenSet<string>> _scopeAudiences;

    private TokenExchangePolicy(TokenExchangeSettings settings, IEnumerable<ScopeSettings> scopes)
    {
        _clients = settings.Clients.ToFrozenDictionary(StringComparer.Ordinal);
        _scopeAudiences = scopes.GroupBy(s => s.Name, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.SelectMany(s => s.Audiences).ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
        MaxActorDepth = settings.MaxActorDepth;
        Audiences = [.. _clients.Values.SelectMany(c => c.Audiences).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public int MaxActorDepth { get; }

    /// <summary>Every audience some client may exchange for (registered with OpenIddict as audiences).</summary>
    public IReadOnlyList<string> Audiences { get; }

    public bool Enabled => _clients.Count > 0;

    public TokenExchangeClientSettings? For(string clientId) => _clients.GetValueOrDefault(clientId);

    /// <summary>Whether <paramref name="scope"/> is declared for <paramref name="audience"/> in the <c>Scopes</c> section.</summary>
    public bool IsScopeFor(string scope, string audience) => _scopeAudiences.TryGetValue(scope, out var audiences) && audiences.Contains(audience);

    /// <summary>Reads and checks the policy; fails start-up with every problem named (ids and scope names only).</summary>
    public static TokenExchangePolicy Read(IConfiguration configuration)
    {
        var settings = configuration.GetSection(TokenExchangeSettings.SectionName).Get<TokenExchangeSettings>() ?? new TokenExchangeSettings();
        var scopes = configuration.GetSection(ScopeSettings.SectionName).Get<List<ScopeSettings>>() ?? [];
        var accounts = configuration.GetSection(ServiceAccountSettings.SectionName).Get<List<ServiceAccountSettings>>() ?? [];
        var errors = Validate(settings, scopes, accounts);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("AuthService token exchange configuration (TokenExchange) is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return new TokenExchangePolicy(settings, scopes);
    }

    private static List<string> Validate(TokenExchangeSettings settings, List<ScopeSettings> scopes, List<ServiceAccountSettings> accounts)
    {
        const string Section = TokenExchangeSettings.SectionName;
        var errors = new List<string>();
        if (settings.MaxActorDepth is < 1 or > TokenExchangeSettings.MaxActorDepthLimit)
        {
            errors.Add($"{Section}:MaxActorDepth is {settings.MaxActorDepth}; it must be between 1 and {TokenExchangeSettings.MaxActorDepthLimit}.");
        }

        var scopeAudiences = scopes.Where(s => !string.IsNullOrWhiteSpace(s.Name))
            .GroupBy(s => s.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(s => s.Audiences).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var knownAudiences = scopeAudiences.Values.SelectMany(a => a).ToHashSet(StringComparer.Ordinal);
        foreach (var (clientId, client) in settings.Clients)
        {
            var prefix = $"{Section}:Clients:{clientId}";
            var account = accounts.FirstOrDefault(a => string.Equals(a.Id, clientId, StringComparison.Ordinal));
            if (account is null)
            {
                errors.Add($"{prefix}: '{clientId}' is not a configured service account (ServiceAccounts).");
            }

            if (client.Audiences.Count == 0)
            {
                errors.Add($"{prefix}:Audiences: name at least one audience.");
            }

            foreach (var audience in client.Audiences.Where(a => !knownAudiences.Contains(a)))
            {
                errors.Add($"{prefix}:Audiences: '{audience}' is not the audience of any scope declared in Scopes.");
            }

            if (client.Scopes.Count == 0)
            {
                errors.Add($"{prefix}:Scopes: name at least one scope.");
            }

            foreach (var scope in client.Scopes)
            {
                if (!scopeAudiences.TryGetValue(scope, out var audiences))
                {
                    errors.Add($"{prefix}:Scopes: '{scope}' is not declared in Scopes.");
                    continue;
                }

                if (account is not null && !account.Scopes.Contains(scope, StringComparer.Ordinal))
                {
                    errors.Add($"{prefix}:Scopes: '{scope}' is not one of the account's own ServiceAccounts Scopes (an exchange never grants a service more than it may ask for itself).");
                }

                if (!client.Audiences.Any(audiences.Contains))
                {
                    errors.Add($"{prefix}:Scopes: '{scope}' is declared for [{string.Join(", ", audiences)}], none of which is in this client's Audiences.");
                }
            }
        }

        return errors;
    }
}
