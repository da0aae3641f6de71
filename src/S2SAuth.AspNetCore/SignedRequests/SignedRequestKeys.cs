using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Signatures;
using S2SAuth.Logging;

namespace S2SAuth.SignedRequests;

/// <summary>
/// The peer keys of <c>ServiceAuth:SignedRequests:Keys</c>, loaded once (the options were validated at start-up, so a
/// key that does not load here is skipped and logged, never used). Looked up by <c>keyid</c>, exactly.
/// </summary>
internal sealed class SignedRequestKeys : IDisposable
{
    private readonly FrozenDictionary<string, SignedRequestKey> _keys;

    public SignedRequestKeys(IOptions<SignedRequestOptions> options, ILogger<SignedRequestKeys> logger)
    {
        var keys = new Dictionary<string, SignedRequestKey>(StringComparer.Ordinal);
        foreach (var (keyId, key) in options.Value.Keys)
        {
            if (SignatureKeyLoader.TryLoad(keyId, key, out _) is not { } loaded || string.IsNullOrWhiteSpace(key.ServiceId))
            {
                Log.SignedRequestKeySkipped(logger, keyId);
                continue;
            }

            keys[keyId] = new SignedRequestKey(loaded, key.ServiceId, key.Scopes.Where(s => !string.IsNullOrWhiteSpace(s)).ToFrozenSet(StringComparer.Ordinal),
                string.IsNullOrWhiteSpace(key.Tenant) ? null : key.Tenant);
            Log.SignedRequestKeyLoaded(logger, keyId, loaded.Algorithm, key.ServiceId);
        }

        _keys = keys.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Whether any key is configured: without one the feature is inert.</summary>
    public bool Any => _keys.Count > 0;

    public SignedRequestKey? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    public SignatureKey? Verifier(string keyId) => _keys.GetValueOrDefault(keyId)?.Key;

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Key.Dispose();
        }
    }
}
