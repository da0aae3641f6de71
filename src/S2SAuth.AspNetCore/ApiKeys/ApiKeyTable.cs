using System.Collections.Frozen;

namespace S2SAuth.ApiKeys;

/// <summary>An immutable snapshot of the configured keys, by key id; replaced as a whole when the configuration changes.</summary>
internal sealed class ApiKeyTable
{
    public static readonly ApiKeyTable Empty = new(FrozenDictionary<string, ApiKeyRecord>.Empty, 0);

    private ApiKeyTable(FrozenDictionary<string, ApiKeyRecord> keys, int clients)
    {
        Keys = keys;
        ClientCount = clients;
        Fingerprint = string.Join('\n', keys.Values.Select(static k => k.Fingerprint).Order(StringComparer.Ordinal));
    }

    public FrozenDictionary<string, ApiKeyRecord> Keys { get; }

    public int ClientCount { get; }

    public string Fingerprint { get; }

    /// <summary>Builds the table from validated options, keeping the usage of keys already known (by key id).</summary>
    public static ApiKeyTable Build(ApiKeyOptions options, ApiKeyTable previous, long nowUtcTicks)
    {
        var keys = new Dictionary<string, ApiKeyRecord>(StringComparer.Ordinal);
        foreach (var (client, settings) in options.Clients)
        {
            var scopes = settings.Scopes.ToFrozenSet(StringComparer.Ordinal);
            foreach (var key in settings.Keys)
            {
                var hash = ApiKeyHash.Parse(key.Hash)!;
                var identity = new ServiceIdentity(settings.ServiceId!, scopes, settings.Tenant, key.Id!, key.ExpiresAt ?? DateTimeOffset.MaxValue, ServiceCredentialKind.ApiKey);
                var usage = previous.Keys.TryGetValue(key.Id!, out var known) ? known.Usage : new ApiKeyUsage(nowUtcTicks);
                keys.Add(key.Id!, new ApiKeyRecord(client, key.Id!, hash, key.NotBefore, key.ExpiresAt, identity, usage));
            }
        }

        return new ApiKeyTable(keys.ToFrozenDictionary(StringComparer.Ordinal), options.Clients.Count);
    }
}
