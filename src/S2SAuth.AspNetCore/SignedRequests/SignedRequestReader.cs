using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using S2SAuth.Authentication;
using S2SAuth.Client.Signatures;
using S2SAuth.Http;
using S2SAuth.Logging;
using S2SAuth.Replay;
using S2SAuth.Telemetry;

namespace S2SAuth.SignedRequests;

/// <summary>
/// Signed requests as a service credential: an HTTP message signature (RFC 9421) by a configured key, and the body's
/// <c>Content-Digest</c> (RFC 9530). In order: the fields are bounded and read (a label sent twice is refused), the
/// signature is verified by the core against the request as received (required components and parameters, key by
/// <c>keyid</c>, <c>created</c>/<c>expires</c> with skew), then the raw body is read once with a bound and checked
/// against its digest, and only then the nonce is spent in the shared replay store, so a forged or tampered request
/// never burns a genuine nonce. Inert (never presented) while no key is configured.
/// </summary>
internal sealed class SignedRequestReader : IServiceCredentialReader
{
    private const string NonceKind = "signature-nonce";
    private const int MaxFieldLength = StructuredFieldParser.MaxFieldLength;

    private readonly SignedRequestKeys _keys;
    private readonly SignedRequestPolicy _policy;
    private readonly IReplayStore _replay;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReplayMetrics? _metrics;

    public SignedRequestReader(SignedRequestKeys keys, SignedRequestPolicy policy, IReplayStore replay, TimeProvider time, ILogger<SignedRequestReader> logger, ReplayMetrics? metrics = null)
    {
        _metrics = metrics;
        _keys = keys;
        _policy = policy;
        _replay = replay;
        _time = time;
        _logger = logger;
    }

    public ServiceCredentialPolicy Policy => ServiceCredentialPolicy.SignedRequest;

    public string Description => "an HTTP message signature (Signature, Signature-Input)";

    public bool IsPresented(HttpRequest request) =>
        _keys.Any && (request.Headers.ContainsKey(MessageSigner.SignatureInputHeader) || request.Headers.ContainsKey(MessageSigner.SignatureHeader));

    public async ValueTask<CredentialProof> ProveAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var correlationId = http.GetServiceAuthContext()?.Correlation.CorrelationId ?? string.Empty;
        var inputs = request.Headers[MessageSigner.SignatureInputHeader];
        var signatures = request.Headers[MessageSigner.SignatureHeader];
        if (Fields(inputs, signatures) is { } unreadable)
        {
            return Refuse(unreadable.Code, unreadable.Detail, unreadable.Claim, keyId: null, label: null, correlationId);
        }

        var digestRequired = RequestComponents.HasBody(request) && _policy.Options.RequireContentDigest;
        if (digestRequired && !request.Headers.ContainsKey(ContentDigest.HeaderName))
        {
            return Refuse(SignatureFailure.MissingDigest, Candidate(inputs), correlationId);
        }

        var result = MessageVerifier.Verify(RequestComponents.From(request), digestRequired ? _policy.WithBody : _policy.WithoutBody, _keys.Verifier, _time);
        if (!result.Succeeded)
        {
            var candidate = Candidate(inputs);
            return Refuse(result.Failure, (candidate.KeyId, result.Label ?? candidate.Label), correlationId);
        }

        var parameters = result.Parameters!;
        var keyId = parameters.KeyId!;
        var label = result.Label!;
        if (digestRequired || parameters.Components.Any(c => c.Text == SignedRequestPolicy.ContentDigestComponent))
        {
            using var body = await BoundedBody.ReadAsync(request, _policy.Options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            if (body.TooLarge)
            {
                return Refuse(AuthErrorCodes.ContentDigestTooLarge, $"The body is larger than {_policy.Options.MaxBodyBytes} bytes, the most a signed request may carry.", "Content-Digest", keyId, label, correlationId);
            }

            var digest = ContentDigest.Verify(string.Join(", ", request.Headers[ContentDigest.HeaderName].ToArray()), body.Bytes);
            if (digest != SignatureFailure.None)
            {
                return Refuse(digest, (keyId, label), correlationId);
            }
        }

        var created = DateTimeOffset.FromUnixTimeSeconds(parameters.Created!.Value);
        if (parameters.Nonce is { } nonce)
        {
            var check = await _replay.TryFirstUseAsync(ReplayKey.For(NonceKind, keyId, nonce), created + _policy.ReplayWindow, cancellationToken).ConfigureAwait(false);
            if (check == ReplayCheck.Replay)
            {
                Log.SignedRequestReplayed(_logger, Text(keyId), correlationId);
                _metrics?.SignedRequestReplayed(keyId);
                return Refuse(AuthErrorCodes.RequestSignatureReplayed, "The signature's nonce was already used: a replayed request.", "nonce", keyId, label, correlationId);
            }

            if (check == ReplayCheck.Unavailable)
            {
                return Refuse(AuthErrorCodes.ReplayCheckUnavailable, "The signature's nonce cannot be checked now: the replay store is unavailable.", "nonce", keyId, label, correlationId);
            }
        }

        var key = _keys.Find(keyId)!;
        var expiresAt = created + _policy.Options.MaxAge;
        if (parameters.Expires is { } expires && DateTimeOffset.FromUnixTimeSeconds(expires) < expiresAt)
        {
            expiresAt = DateTimeOffset.FromUnixTimeSeconds(expires);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var (loggedKey, loggedLabel) = (Text(keyId), Text(label));
            Log.SignedRequestAccepted(_logger, loggedKey, key.ServiceId, loggedLabel, correlationId);
        }

        var identity = new ServiceIdentity(key.ServiceId, key.Scopes, key.Tenant, keyId, expiresAt, ServiceCredentialKind.SignedRequest);
        return CredentialProof.Proved(identity, key.Tenant);
    }

    /// <summary>Both fields present, within bounds, readable dictionaries, no label repeated; else why not.</summary>
    private static (string Code, string Detail, string Claim)? Fields(StringValues inputs, StringValues signatures)
    {
        if (inputs.Count == 0 || signatures.Count == 0)
        {
            return (AuthErrorCodes.RequestSignatureMalformed, "A signed request needs both Signature-Input and Signature.", inputs.Count == 0 ? MessageSigner.SignatureInputHeader : MessageSigner.SignatureHeader);
        }

        foreach (var (name, lines) in new[] { (MessageSigner.SignatureInputHeader, inputs), (MessageSigner.SignatureHeader, signatures) })
        {
            var length = 0;
            foreach (var line in lines)
            {
                length += (line?.Length ?? 0) + 2;
            }

            if (length - 2 > MaxFieldLength)
            {
                return (AuthErrorCodes.RequestSignatureMalformed, $"The {name} field is larger than {MaxFieldLength} characters.", name);
            }

            if (!StructuredFieldParser.TryParseDictionary(string.Join(", ", lines.ToArray()), out _, out var repeated))
            {
                return (AuthErrorCodes.RequestSignatureMalformed, $"The {name} field is not a valid structured-field dictionary.", name);
            }

            if (repeated)
            {
                return (AuthErrorCodes.RequestSignatureMalformed, $"The {name} field names a label more than once.", name);
            }
        }

        return null;
    }

    /// <summary>The key id and label of the first signature, for the log only (never trusted).</summary>
    private (string? KeyId, string? Label) Candidate(StringValues inputs)
    {
        if (!StructuredFieldParser.TryParseDictionary(string.Join(", ", inputs.ToArray()), out var members) || members.Count == 0)
        {
            return (null, null);
        }

        var member = _policy.Options.Label is { } configured ? members.FirstOrDefault(m => m.Key == configured) : members[0];
        return member.Value is { } value && SignatureParameters.TryFrom(value, out var parameters) ? (parameters!.KeyId, member.Key) : (null, member.Key);
    }

    private CredentialProof Refuse(SignatureFailure failure, (string? KeyId, string? Label) candidate, string correlationId)
    {
        var (code, detail, claim) = SignatureFailureCodes.For(failure);
        return Refuse(code, detail, claim, candidate.KeyId, candidate.Label, correlationId);
    }

    private CredentialProof Refuse(string code, string detail, string? claim, string? keyId, string? label, string correlationId)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var (loggedKey, loggedLabel) = (Text(keyId), Text(label));
            Log.SignedRequestRefused(_logger, code, loggedKey, loggedLabel, correlationId);
        }

        return CredentialProof.Refused(code, detail, claim);
    }

    /// <summary>Caller text for a log line: escaped and cut short; "-" when absent.</summary>
    private static string Text(string? value) => RequestText.Escape(value, 128) ?? "-";
}
