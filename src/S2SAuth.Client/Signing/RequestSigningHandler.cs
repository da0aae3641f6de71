using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using S2SAuth.Client.Handlers;
using S2SAuth.Client.Logging;
using S2SAuth.Client.Signatures;
using S2SAuth.Client.Telemetry;

namespace S2SAuth.Client.Signing;

/// <summary>
/// The innermost handler of a signing client, so it runs once per attempt after every other handler: buffers the body
/// once (bounded by <see cref="RequestSigningOptions.MaxBodyBytes"/>) and sends exactly those bytes, sets
/// <c>Content-Digest</c> (RFC 9530) over them, and signs the request (RFC 9421) with a fresh <c>created</c>, <c>expires</c>
/// and random <c>nonce</c>, replacing any <c>Signature-Input</c>/<c>Signature</c> already there. A request that cannot be
/// signed is refused before anything is sent.
/// </summary>
internal sealed class RequestSigningHandler : DelegatingHandler
{
    private const int NonceBytes = 16;
    private readonly string _clientName;
    private readonly RequestSigningOptions _options;
    private readonly IReadOnlyList<string> _components;
    private readonly SigningKeySource _keys;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClientMetrics _metrics;

    public RequestSigningHandler(string clientName, RequestSigningOptions options, SigningKeySource keys, TimeProvider time, ILogger logger, ClientMetrics metrics)
    {
        _clientName = clientName;
        _options = options;
        _components = SigningComponents.Of(options);
        _keys = keys;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = _keys.Current;
        request.Headers.Remove(ContentDigest.HeaderName);
        var body = await BufferBodyAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is not null)
        {
            request.Content!.Headers.Remove(ContentDigest.HeaderName); // only S2SAuth's own signature and digest are sent
            request.Content.Headers.Remove(MessageSigner.SignatureHeader);
            request.Content.Headers.Remove(MessageSigner.SignatureInputHeader);
            request.Headers.TryAddWithoutValidation(ContentDigest.HeaderName, ContentDigest.Compute(body, _options.DigestAlgorithm));
        }

        var parameters = Parameters(key, coverDigest: body is not null && !_options.OmitContentDigestComponent);
        if (!MessageSigner.TrySign(request, parameters, key, _options.Label, out _))
        {
            throw Refuse(request, OutgoingCallRefusalReason.RequestNotSignable,
                $"HttpClient '{_clientName}' cannot sign this request: a covered component ({string.Join(' ', _components)}) is absent from it or holds characters a signature cannot cover. Nothing was sent.");
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var host = Host(request);
            var correlationId = ClientCallPolicy.CorrelationIdOf(request);
            Log.RequestSigned(_logger, _clientName, host, key.KeyId, key.Algorithm, _options.Label, body?.Length ?? 0, correlationId);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Synchronous sends cannot buffer the body asynchronously; they are refused rather than sent unsigned.</summary>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("HttpClients with AddRequestSigning support asynchronous sends only: use SendAsync.");

    /// <summary>The body bytes to digest (null when the request has no content), replacing the content with them on the first attempt.</summary>
    private async Task<byte[]?> BufferBodyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        switch (request.Content)
        {
            case null:
                return null;
            case SignedContent signed:
                return signed.Body; // a retry: the same bytes, signed afresh
        }

        var original = request.Content;
        var body = await BoundedBuffer.ReadAsync(original, _options.MaxBodyBytes, cancellationToken).ConfigureAwait(false)
            ?? throw Refuse(request, OutgoingCallRefusalReason.RequestBodyTooLarge,
                $"HttpClient '{_clientName}' signs its requests and buffers each body to digest it, but this body is larger than {RequestSigningKeys.Section}:MaxBodyBytes ({_options.MaxBodyBytes} bytes). Nothing was sent.");
        request.Content = new SignedContent(body, original);
        return body;
    }

    private SignatureParameters Parameters(SignatureKey key, bool coverDigest)
    {
        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        var components = coverDigest ? [.. _components, SigningComponents.ContentDigest] : _components;
        var nonce = _options.NonceSource is { } source ? source() : NewNonce();
        return _options.OmitExpiresAndAlgorithm
            ? SignatureParameters.Create(components, created, key.KeyId, nonce: nonce)
            : SignatureParameters.Create(components, created, key.KeyId, created + (long)Math.Ceiling(_options.Lifetime.TotalSeconds), nonce, key.Algorithm);
    }

    /// <summary>128 random bits, base64url without padding (RFC 4648 §5).</summary>
    private static string NewNonce()
    {
        Span<byte> bytes = stackalloc byte[NonceBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    private OutgoingCallRefusedException Refuse(HttpRequestMessage request, OutgoingCallRefusalReason reason, string message)
    {
        var host = Host(request);
        Log.SignedRequestRefused(_logger, _clientName, host, reason, ClientCallPolicy.CorrelationIdOf(request));
        _metrics.CallRefused(_clientName, ClientMetrics.ReasonCode(reason));
        return new OutgoingCallRefusedException(reason, _clientName, host, message);
    }

    private static string Host(HttpRequestMessage request) => request.RequestUri is { IsAbsoluteUri: true } uri ? uri.Authority : "(relative)";
}
