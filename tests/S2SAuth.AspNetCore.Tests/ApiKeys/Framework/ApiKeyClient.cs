namespace S2SAuth.AspNetCore.Tests.ApiKeys.Framework;

/// <summary>One configured API-key client for a test: its settings, and the keys (plain text, test-only) and hashes it holds.</summary>
public sealed record ApiKeyClient(string Name, string ServiceId, string[] Scopes, string? Tenant = null)
{
    public List<(string Id, string Hash, DateTimeOffset? ExpiresAt, DateTimeOffset? NotBefore)> Keys { get; } = [];

    public ApiKeyClient WithKey(string id, string hash, DateTimeOffset? expiresAt = null, DateTimeOffset? notBefore = null)
    {
        Keys.Add((id, hash, expiresAt, notBefore));
        return this;
    }

    /// <summary>The configuration entries of this client under <c>ServiceAuth:ApiKeys:Clients:{Name}</c>.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        var c = $"ServiceAuth:ApiKeys:Clients:{Name}";
        yield return new($"{c}:ServiceId", ServiceId);
        for (var i = 0; i < Scopes.Length; i++)
        {
            yield return new($"{c}:Scopes:{i}", Scopes[i]);
        }

        if (Tenant is not null)
        {
            yield return new($"{c}:Tenant", Tenant);
        }

        for (var i = 0; i < Keys.Count; i++)
        {
            var (id, hash, expiresAt, notBefore) = Keys[i];
            yield return new($"{c}:Keys:{i}:Id", id);
            yield return new($"{c}:Keys:{i}:Hash", hash);
            if (expiresAt is { } e)
            {
                yield return new($"{c}:Keys:{i}:ExpiresAt", e.ToString("O"));
            }

            if (notBefore is { } n)
            {
                yield return new($"{c}:Keys:{i}:NotBefore", n.ToString("O"));
            }
        }
    }
}
