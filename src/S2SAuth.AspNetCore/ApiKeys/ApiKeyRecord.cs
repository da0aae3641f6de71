namespace S2SAuth.ApiKeys;

/// <summary>
/// One configured API key, ready for the request path: the hash to compare with, when it is in force, the identity it
/// proves (built once, shared by every request it proves), the revocation entry it is checked as, and its usage.
/// </summary>
internal sealed class ApiKeyRecord
{
    public ApiKeyRecord(string client, string keyId, byte[] hash, DateTimeOffset? notBefore, DateTimeOffset? expiresAt, ServiceIdentity identity, ApiKeyUsage usage)
    {
        Client = client;
        KeyId = keyId;
        Hash = hash;
        NotBeforeTicks = notBefore?.UtcTicks ?? long.MinValue;
        ExpiresAtTicks = expiresAt?.UtcTicks ?? long.MaxValue;
        Identity = identity;
        Usage = usage;
        Tags = [new(ServiceAuthTelemetry.ApiKeyClientTag, client), new(ServiceAuthTelemetry.ApiKeyIdTag, keyId)];

        // Checked against the revocation state like a token of the pseudo-issuer with jti = key id (no subject: no cut-off).
        RevocationEntry = new VerifiedTokenInfo(TokenKind.Service, ServiceAuthDefaults.ApiKeyRevocationIssuer, string.Empty, keyId,
            DateTimeOffset.MinValue, identity.ExpiresAt, identity, null);
    }

    /// <summary>The client's name under <c>ServiceAuth:ApiKeys:Clients</c>.</summary>
    public string Client { get; }

    public string KeyId { get; }

    /// <summary>SHA-256 of the whole key.</summary>
    public byte[] Hash { get; }

    public long NotBeforeTicks { get; }

    public long ExpiresAtTicks { get; }

    public ServiceIdentity Identity { get; }

    public ApiKeyUsage Usage { get; }

    /// <summary>The metric tags (client, key id), made once.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    public VerifiedTokenInfo RevocationEntry { get; }

    /// <summary>What identifies the key's settings, to tell whether a reload changed anything.</summary>
    public string Fingerprint =>
        $"{Client}|{KeyId}|{Convert.ToHexString(Hash)}|{NotBeforeTicks}|{ExpiresAtTicks}|{Identity.ServiceId}|{string.Join(' ', Identity.Scopes.Order(StringComparer.Ordinal))}|{Identity.TenantId}";
}
