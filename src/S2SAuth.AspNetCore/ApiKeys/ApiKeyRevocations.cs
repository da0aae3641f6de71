using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using S2SAuth.Http;
using S2SAuth.Logging;
using S2SAuth.Revocation;

namespace S2SAuth.ApiKeys;

/// <summary>
/// Remembers, until restart, every API key this instance has seen revoked (told by the revocation state, for
/// revocations made here or received from the shared store). The shared store keeps a revocation only for the longest
/// token lifetime (plus skew); after that this instance still refuses the key, and a warning (1764) says to remove it
/// from configuration. At most 10,000 key ids are remembered.
/// </summary>
internal sealed class ApiKeyRevocations(ILogger<ApiKeyRevocations> logger) : IRevocationObserver
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="keyId"/> was revoked since start-up. One volatile read while none was.</summary>
    public bool IsRevoked(string keyId) => !_revoked.IsEmpty && _revoked.ContainsKey(keyId);

    public void TokenRevoked(string issuer, string tokenId)
    {
        if (!string.Equals(issuer, ServiceAuthDefaults.ApiKeyRevocationIssuer, StringComparison.Ordinal) || _revoked.Count >= MaxEntries)
        {
            return;
        }

        if (_revoked.TryAdd(tokenId, 0))
        {
            Log.ApiKeyRevoked(logger, RequestText.Escape(tokenId, 64)!);
        }
    }

    public void SubjectCutOff(string issuer, string subject, DateTimeOffset issuedBefore)
    {
    }
}
