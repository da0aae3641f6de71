using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using S2SAuth.Certificates;
using S2SAuth.Logging;

namespace S2SAuth.ForwardedCertificates;

/// <summary>
/// Reads the client certificate a sidecar or gateway forwards (Envoy's <c>X-Forwarded-Client-Cert</c> or RFC 9440's
/// <c>Client-Cert</c>, per <c>ServiceAuth:Certificates:Forwarded:Header</c>), but only from a trusted proxy: one whose
/// address is in <c>TrustedProxies</c>, or whose own connection certificate is valid and names one of
/// <c>TrustedProxyIds</c>. From anyone else the header is logged (name and address, never the value), removed from the
/// request, and ignored. A malformed header from a trusted proxy is refused, never a 500. Read once per request.
/// </summary>
internal sealed class ForwardedCertificateReader
{
    public const string XfccHeaderName = "X-Forwarded-Client-Cert";
    public const string ClientCertHeaderName = "Client-Cert";
    public const string ClientCertChainHeaderName = "Client-Cert-Chain";

    private const int CacheEntries = 256;
    private const int MaxCachedHeaderLength = 8 * 1024;
    private static readonly object ResultKey = new();

    private readonly ForwardedCertificateHeader _header;
    private readonly TrustedProxies _proxies;
    private readonly IConnectionIdentity? _connectionIdentity;
    private readonly ILogger _logger;
    private readonly IgnoredHeaderWarnings _warnings;
    private readonly ForwardedResultCache _results = new(CacheEntries);

    public ForwardedCertificateReader(IOptions<ServiceAuthOptions> options, ILogger<ForwardedCertificateReader> logger,
        TimeProvider? time = null, IConnectionIdentity? connectionIdentity = null)
    {
        var forwarded = options.Value.Certificates.Forwarded;
        _header = forwarded.Header;
        _proxies = new TrustedProxies(forwarded);
        _connectionIdentity = connectionIdentity;
        _logger = logger;
        _warnings = new IgnoredHeaderWarnings(time ?? TimeProvider.System);
    }

    /// <summary>
    /// The request's forwarded certificate: <see cref="ForwardedCertificateOutcome.Forwarded"/> (use it in place of the
    /// connection's), <see cref="ForwardedCertificateOutcome.NotForwarded"/> or <see cref="ForwardedCertificateOutcome.Ignored"/>
    /// (use the connection's own, if any), or <see cref="ForwardedCertificateOutcome.Malformed"/> (refuse with its code).
    /// The same result for every call on one request.
    /// </summary>
    public ForwardedCertificateResult Read(HttpContext http)
    {
        if (_header == ForwardedCertificateHeader.None)
        {
            return ForwardedCertificateResult.NotForwarded;
        }

        if (http.Items.TryGetValue(ResultKey, out var known) && known is ForwardedCertificateResult result)
        {
            return result;
        }

        result = ReadOnce(http);
        if (result.Outcome != ForwardedCertificateOutcome.NotForwarded)
        {
            http.Items[ResultKey] = result; // no header: nothing to keep (the common case allocates nothing)
        }

        return result;
    }

    private ForwardedCertificateResult ReadOnce(HttpContext http)
    {
        var headers = http.Request.Headers;
        var name = _header == ForwardedCertificateHeader.EnvoyXfcc ? XfccHeaderName : ClientCertHeaderName;
        var value = headers[name];
        var chain = _header == ForwardedCertificateHeader.ClientCert ? headers[ClientCertChainHeaderName] : StringValues.Empty;
        if (value.Count == 0 && chain.Count == 0)
        {
            return ForwardedCertificateResult.NotForwarded;
        }

        if (!IsFromTrustedProxy(http))
        {
            if (_warnings.TryLog(out var suppressed))
            {
                var remoteAddress = RemoteAddress(http);
                Log.ForwardedCertificateHeaderIgnored(_logger, value.Count > 0 ? name : ClientCertChainHeaderName, remoteAddress, suppressed);
            }

            // Fully ignored: nothing later in the pipeline (the app's own code included) can read it either.
            headers.Remove(name);
            if (_header == ForwardedCertificateHeader.ClientCert)
            {
                headers.Remove(ClientCertChainHeaderName);
            }
            return ForwardedCertificateResult.Ignored;
        }

        // The trusted proxy sends the same text for the same caller on every request: parse it (and its certificate) once.
        var key = CacheKey(value, chain);
        if (key is not null && _results.TryGet(key, out var cached))
        {
            return cached;
        }

        var result = _header == ForwardedCertificateHeader.EnvoyXfcc ? ReadXfcc(value) : ReadClientCert(value, chain);
        if (key is not null && result.Outcome == ForwardedCertificateOutcome.Forwarded)
        {
            _results.Add(key, result);
        }

        if (result.Outcome == ForwardedCertificateOutcome.Malformed)
        {
            var remoteAddress = RemoteAddress(http);
            Log.ForwardedCertificateHeaderRefused(_logger, name, remoteAddress, result.Code!, result.Detail!);
        }

        return result;
    }

    /// <summary>The header text as a cache key; null when the header is not a single line, or too long to keep.</summary>
    private static string? CacheKey(StringValues value, StringValues chain)
    {
        if (value.Count != 1 || value[0] is not { Length: <= MaxCachedHeaderLength } text)
        {
            return null;
        }

        if (chain.Count == 0)
        {
            return text;
        }

        var key = string.Concat(text, "\n", string.Join('\n', chain.ToArray()));
        return key.Length <= MaxCachedHeaderLength ? key : null;
    }

    private bool IsFromTrustedProxy(HttpContext http) =>
        _proxies.Contains(http.Connection.RemoteIpAddress)
        || _proxies.HasIds && _connectionIdentity is not null && _proxies.IsTrustedId(_connectionIdentity.ValidatedSpiffeId(http));

    private ForwardedCertificateResult ReadXfcc(StringValues value)
    {
        if (value.Count != 1)
        {
            return ForwardedCertificateResult.Malformed("The X-Forwarded-Client-Cert header appears more than once.");
        }

        var element = XfccParser.ParseLast(value[0] ?? string.Empty, out var error);
        if (element is null)
        {
            return ForwardedCertificateResult.Malformed(error!);
        }

        if (_proxies.HasIds && !element.By.Exists(_proxies.IsTrustedId))
        {
            return ForwardedCertificateResult.Malformed(
                "The forwarded certificate was not attested by a trusted proxy: the X-Forwarded-Client-Cert element's By names none of ServiceAuth:Certificates:Forwarded:TrustedProxyIds.",
                AuthErrorCodes.CertificateIdentityNotAllowed);
        }

        if (element.Uris.Count > 1)
        {
            return ForwardedCertificateResult.Malformed("The forwarded certificate has more than one URI SAN; an X.509-SVID has exactly one.");
        }

        var hash = element.Hash!;
        X509Certificate2? leaf = null;
        X509Certificate2[] intermediates = [];
        if (element.Cert is { } cert)
        {
            var parsed = ParsePemLeaf(cert);
            if (parsed is null)
            {
                return ForwardedCertificateResult.Malformed("The X-Forwarded-Client-Cert Cert is not one URL-encoded PEM certificate.");
            }

            if (!CryptographicOperations.FixedTimeEquals(parsed.Thumbprint, hash))
            {
                return ForwardedCertificateResult.Malformed("The X-Forwarded-Client-Cert Cert does not match its Hash.");
            }

            leaf = parsed.Certificate;
        }

        if (element.Chain is { } chainText)
        {
            var all = ParsePemChain(chainText);
            if (all is null)
            {
                return ForwardedCertificateResult.Malformed($"The X-Forwarded-Client-Cert Chain is not URL-encoded PEM certificates (at most {ClientCertHeaderParser.MaxChainCertificates + 1}).");
            }

            var inChain = Array.Find(all, c => SHA256.HashData(c.RawData).AsSpan().SequenceEqual(hash));
            if (inChain is null)
            {
                return ForwardedCertificateResult.Malformed("The X-Forwarded-Client-Cert Chain does not hold the certificate its Hash names.");
            }

            leaf ??= inChain;
            intermediates = Array.FindAll(all, c => !ReferenceEquals(c, inChain));
        }

        // With the certificate at hand its own SANs count; the proxy's URI/DNS fields are for when it is not.
        var presented = leaf is not null
            ? new PresentedCertificate(ServiceCredentialKind.ForwardedCertificate, leaf, hash, intermediates)
            : new PresentedCertificate(ServiceCredentialKind.ForwardedCertificate, null, hash,
                attestedUri: element.Uris.Count == 1 ? element.Uris[0] : null, attestedDnsNames: element.DnsNames);
        return ForwardedCertificateResult.Forwarded(presented);
    }

    private static ForwardedCertificateResult ReadClientCert(StringValues value, StringValues chainLines)
    {
        if (value.Count == 0)
        {
            return ForwardedCertificateResult.Malformed("A Client-Cert-Chain header came without a Client-Cert header.");
        }

        if (value.Count != 1)
        {
            return ForwardedCertificateResult.Malformed("The Client-Cert header appears more than once.");
        }

        if (ClientCertHeaderParser.ParseCertificate(value[0] ?? string.Empty, out var error) is not { } der)
        {
            return ForwardedCertificateResult.Malformed(error!);
        }

        if (LoadDer(der) is not { } leaf)
        {
            return ForwardedCertificateResult.Malformed("The Client-Cert header is not a DER-encoded X.509 certificate.");
        }

        X509Certificate2[] chain = [];
        if (chainLines.Count > 0)
        {
            if (ClientCertHeaderParser.ParseChain(chainLines.ToArray(), out error) is not { } ders)
            {
                return ForwardedCertificateResult.Malformed(error!);
            }

            if (LoadAll(ders) is not { } parsed)
            {
                return ForwardedCertificateResult.Malformed("The Client-Cert-Chain header holds something that is not a DER-encoded X.509 certificate.");
            }

            chain = parsed;
        }

        return ForwardedCertificateResult.Forwarded(
            new PresentedCertificate(ServiceCredentialKind.ForwardedCertificate, leaf.Certificate, leaf.Thumbprint, chain));
    }

    private static LeafCertificate? LoadDer(byte[] der)
    {
        var certificate = TryLoad(der);
        return certificate is null ? null : new LeafCertificate(certificate, SHA256.HashData(der));
    }

    private static X509Certificate2[]? LoadAll(List<byte[]> ders)
    {
        var certificates = new X509Certificate2[ders.Count];
        for (var i = 0; i < ders.Count; i++)
        {
            if (TryLoad(ders[i]) is not { } certificate)
            {
                return null;
            }

            certificates[i] = certificate;
        }

        return certificates;
    }

    private static LeafCertificate? ParsePemLeaf(string urlEncoded)
    {
        var all = ParsePem(urlEncoded, maxCount: 1);
        return all is [var only] ? new LeafCertificate(only, SHA256.HashData(only.RawData)) : null;
    }

    private static X509Certificate2[]? ParsePemChain(string urlEncoded) =>
        ParsePem(urlEncoded, ClientCertHeaderParser.MaxChainCertificates + 1) is { Length: > 0 } all ? all : null;

    /// <summary>Every CERTIFICATE block of URL-encoded PEM text; null if there is anything else, or more than <paramref name="maxCount"/>.</summary>
    private static X509Certificate2[]? ParsePem(string urlEncoded, int maxCount)
    {
        var text = Uri.UnescapeDataString(urlEncoded).AsSpan();
        var certificates = new List<X509Certificate2>();
        while (!text.Trim().IsEmpty)
        {
            if (certificates.Count == maxCount || !PemEncoding.TryFind(text, out var fields)
                || !text[fields.Label].SequenceEqual("CERTIFICATE") || !text[..fields.Location.Start.Value].Trim().IsEmpty)
            {
                return null;
            }

            var der = new byte[fields.DecodedDataLength];
            if (!Convert.TryFromBase64Chars(text[fields.Base64Data], der, out _) || TryLoad(der) is not { } certificate)
            {
                return null;
            }

            certificates.Add(certificate);
            text = text[fields.Location.End.Value..];
        }

        return [.. certificates];
    }

    /// <summary>A plain DER certificate with nothing after it; null for anything else (never throws).</summary>
    private static X509Certificate2? TryLoad(byte[] der)
    {
        if (der.Length == 0 || der[0] != 0x30)
        {
            return null;
        }

        try
        {
            var certificate = X509CertificateLoader.LoadCertificate(der);
            if (certificate.RawData.Length == der.Length)
            {
                return certificate;
            }

            certificate.Dispose();
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string RemoteAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "(no address)";

    private sealed record LeafCertificate(X509Certificate2 Certificate, byte[] Thumbprint);
}
