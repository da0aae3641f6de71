using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using S2SAuth.Authentication;
using S2SAuth.Http;
using S2SAuth.Logging;
using S2SAuth.Revocation;
using S2SAuth.Telemetry;

namespace S2SAuth.ApiKeys;

/// <summary>
/// Proves the calling service by an API key (<c>X-Api-Key</c> by default): exactly one header value, well-formed, its
/// SHA-256 equal (constant time) to the configured hash of its key id; then not revoked, in force, and counted. An
/// unknown key id and a wrong secret answer the same code after the same work. No I/O: revocation is read from this
/// instance's state. Inert (never presented) while no key is configured.
/// </summary>
internal sealed class ApiKeyReader : IServiceCredentialReader
{
    private static readonly byte[] NoHash = new byte[32];
    private readonly ApiKeyStore _store;
    private readonly ApiKeyRevocations _revocations;
    private readonly RevocationState? _revocationState;
    private readonly ApiKeyMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ApiKeyReader(ApiKeyStore store, ApiKeyRevocations revocations, ApiKeyMetrics metrics, TimeProvider time, ILogger<ApiKeyReader> logger,
        RevocationState? revocationState = null)
    {
        _store = store;
        _revocations = revocations;
        _revocationState = revocationState;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        Description = $"an API key ({store.Header})";
    }

    public ServiceCredentialPolicy Policy => ServiceCredentialPolicy.ApiKey;

    public string Description { get; }

    public bool IsPresented(HttpRequest request) => _store.Current.Keys.Count != 0 && request.Headers.ContainsKey(_store.Header);

    public ValueTask<CredentialProof> ProveAsync(HttpContext http, CancellationToken cancellationToken) => ValueTask.FromResult(Prove(http.Request));

    private CredentialProof Prove(HttpRequest request)
    {
        var header = _store.Header;
        var values = request.Headers[header];
        if (values.Count != 1)
        {
            return Refuse(AuthErrorCodes.ApiKeyMalformed, $"The {header} header must be sent exactly once.", header);
        }

        var key = values[0].AsSpan();
        if (key.Length == 0 || key.Length > ApiKeyFormat.MaxLength || !ApiKeyFormat.TryParse(key, out var idLength))
        {
            return Refuse(AuthErrorCodes.ApiKeyMalformed, $"The {header} header is not an API key of this service (s2s_<key id>_<secret>).", header);
        }

        // The same work whether the key id is known or not: hash, look up, compare in constant time.
        Span<byte> hash = stackalloc byte[32];
        ApiKeyHash.Compute(key, hash);
        var table = _store.Current;
        var keyId = key.Slice(ApiKeyFormat.Prefix.Length, idLength);
        var known = table.Keys.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(keyId, out var record);
        var matches = CryptographicOperations.FixedTimeEquals(hash, known ? record!.Hash : NoHash);
        if (!known || !matches)
        {
            return Refuse(AuthErrorCodes.ApiKeyInvalid, "The API key is not valid.", header, keyId.ToString());
        }

        var now = _time.GetUtcNow().UtcTicks;
        if (_revocationState is not null && _revocationState.Check(record!.RevocationEntry, now) is var verdict and not RevocationVerdict.Allowed)
        {
            return verdict switch
            {
                RevocationVerdict.TokenRevoked => Refuse(AuthErrorCodes.ApiKeyRevoked, "The API key has been revoked.", header, record),
                RevocationVerdict.Overflow => Refuse(AuthErrorCodes.RevocationStateOverflow, "Revocations cannot be checked right now; try again later.", header, record),
                _ => Refuse(AuthErrorCodes.RevocationStateStale, "Revocations cannot be checked right now; try again later.", header, record),
            };
        }

        if (_revocations.IsRevoked(record!.KeyId))
        {
            return Refuse(AuthErrorCodes.ApiKeyRevoked, "The API key has been revoked.", header, record);
        }

        if (now < record.NotBeforeTicks)
        {
            return Refuse(AuthErrorCodes.ApiKeyNotYetValid, "The API key is not in force yet.", header, record);
        }

        if (now >= record.ExpiresAtTicks)
        {
            return Refuse(AuthErrorCodes.ApiKeyExpired, "The API key has expired.", header, record);
        }

        record.Usage.Used(now);
        _metrics.Used(record.Tags);
        return CredentialProof.Proved(record.Identity, record.Identity.TenantId);
    }

    /// <summary>A refusal that says nothing of any configured key (malformed, unknown id or wrong secret).</summary>
    private CredentialProof Refuse(string code, string detail, string header, string? keyId = null)
    {
        _metrics.Refused(code);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var escaped = RequestText.Escape(keyId, 64) ?? "(none)";
            Log.ApiKeyRefused(_logger, code, escaped);
        }

        return CredentialProof.Refused(code, detail, header);
    }

    /// <summary>A refusal of a key whose secret matched: the key is known, so it is logged with its client.</summary>
    private CredentialProof Refuse(string code, string detail, string header, ApiKeyRecord record)
    {
        _metrics.Refused(code);
        Log.KnownApiKeyRefused(_logger, record.KeyId, record.Client, code);
        return CredentialProof.Refused(code, detail, header);
    }
}
