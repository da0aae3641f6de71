using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace S2SAuth.Certificates;

/// <summary>
/// Validates a presented client certificate and maps it to a service: chain to the trust bundle (<see cref="X509Chain"/>
/// with custom root trust, no downloads, no online revocation), validity, TLS client-authentication usage, the X.509-SVID
/// leaf rules, the background-loaded revocation lists, then the service id from the SPIFFE ID or a DNS SAN. A
/// certificate a trusted proxy only attests by name (Envoy's <c>URI</c>/<c>DNS</c> fields) skips the chain: the proxy
/// validated it. Pure: no I/O, no cache (<see cref="CertificateIdentityCache"/> is in front).
/// </summary>
internal sealed class CertificateValidator
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    private readonly TrustBundle _bundle;
    private readonly ServiceIdMapper _mapper;
    private readonly ICertificateRevocationSource? _revocation;
    private readonly CertificateIdentitySource _identitySource;

    public CertificateValidator(TrustBundle bundle, ServiceIdMapper mapper, IOptions<ServiceAuthOptions> options, ICertificateRevocationSource? revocation = null)
    {
        _bundle = bundle;
        _mapper = mapper;
        _revocation = revocation;
        _identitySource = options.Value.Certificates.IdentitySource;
    }

    /// <summary>The versions a cached check must match to still hold.</summary>
    public (long Bundle, long Revocation) Versions => (_bundle.Current?.Version ?? 0, _revocation?.Version ?? 0);

    public CertificateCheck Validate(PresentedCertificate presented, DateTimeOffset now)
    {
        var (bundleVersion, revocationVersion) = Versions;
        if (presented.Certificate is not { } certificate)
        {
            var attested = Map(presented.AttestedUri is { } uri ? [uri] : [], presented.AttestedDnsNames);
            return attested.Succeeded
                ? new CertificateCheck(_mapper.CreateIdentity(attested.ServiceId!, presented.Kind, DateTimeOffset.MaxValue), null, bundleVersion, revocationVersion, DateTimeOffset.MaxValue)
                : CertificateCheck.Refuse(attested.Code!, attested.Detail!, bundleVersion, revocationVersion);
        }

        if (_bundle.Current is not { } bundle)
        {
            return CertificateCheck.Refuse(AuthErrorCodes.CertificateUntrusted, "No trust bundle is configured for client certificates.", bundleVersion, revocationVersion);
        }

        CertificateRefusal? refusal;
        IReadOnlyList<X509Certificate2>? chain;
        DateTimeOffset validUntil;
        try
        {
            refusal = CheckChain(certificate, presented.Chain, bundle, now, out chain, out validUntil) ?? CheckLeaf(certificate);
        }
        catch (CryptographicException)
        {
            // A DER that loads but that the platform cannot process (e.g. OpenSSL's "internal error" on an altered
            // signature algorithm, or an extension that does not decode): not a certificate to trust, never a 500.
            return CertificateCheck.Refuse(AuthErrorCodes.CertificateUntrusted, "The client certificate cannot be processed.", bundleVersion, revocationVersion);
        }

        if (refusal is not null)
        {
            return CertificateCheck.Refuse(refusal.Code, refusal.Detail, bundleVersion, revocationVersion);
        }

        if (_revocation?.Check(chain!, now) is { } revoked)
        {
            return CertificateCheck.Refuse(revoked.Code, revoked.Detail, bundleVersion, revocationVersion);
        }

        if (SubjectAlternativeNames.Read(certificate) is not { } names)
        {
            return CertificateCheck.Refuse(AuthErrorCodes.CertificateIdentityInvalid, "The certificate's subject alternative names cannot be read.", bundleVersion, revocationVersion);
        }

        var mapping = Map(names.Uris, names.DnsNames);
        var spiffeId = names.Uris.Count == 1 && SpiffeId.TryParse(names.Uris[0], out _) ? names.Uris[0] : null;
        return mapping.Succeeded
            ? new CertificateCheck(_mapper.CreateIdentity(mapping.ServiceId!, presented.Kind, validUntil), null, bundleVersion, revocationVersion, validUntil) { SpiffeId = spiffeId }
            : CertificateCheck.Refuse(mapping.Code!, mapping.Detail!, bundleVersion, revocationVersion) with { SpiffeId = spiffeId };
    }

    /// <summary>The service id by the configured identity source; a SPIFFE ID must be the only URI SAN (X.509-SVID).</summary>
    private IdentityMapping Map(IReadOnlyList<string> uris, IReadOnlyList<string> dnsNames)
    {
        if (_identitySource == CertificateIdentitySource.DnsName)
        {
            return _mapper.MapDnsNames(dnsNames);
        }

        return uris.Count switch
        {
            0 => IdentityMapping.Fail(AuthErrorCodes.CertificateIdentityInvalid, "The certificate has no URI SAN (SPIFFE ID)."),
            1 => _mapper.MapSpiffeId(uris[0]),
            _ => IdentityMapping.Fail(AuthErrorCodes.CertificateIdentityInvalid, "The certificate has more than one URI SAN; an X.509-SVID has exactly one."),
        };
    }

    /// <summary>
    /// The leaf's own rules: not a CA, a key usage (when present) with digital signature and without certificate or CRL
    /// signing, and an extended key usage that names TLS client authentication (required, not implied by its absence).
    /// </summary>
    private static CertificateRefusal? CheckLeaf(X509Certificate2 certificate)
    {
        var clientAuthentication = false;
        foreach (var extension in certificate.Extensions)
        {
            switch (extension)
            {
                case X509BasicConstraintsExtension { CertificateAuthority: true }:
                    return new(AuthErrorCodes.CertificateUsageInvalid, "The client certificate is a CA certificate.");
                case X509KeyUsageExtension usage when (usage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0
                    || (usage.KeyUsages & (X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign)) != 0:
                    return new(AuthErrorCodes.CertificateUsageInvalid, "The client certificate's key usage does not allow client authentication.");
                case X509EnhancedKeyUsageExtension enhanced:
                    foreach (var oid in enhanced.EnhancedKeyUsages)
                    {
                        clientAuthentication |= oid.Value == ClientAuthenticationOid;
                    }

                    break;
            }
        }

        return clientAuthentication ? null : new(AuthErrorCodes.CertificateUsageInvalid, "The client certificate's extended key usage does not name TLS client authentication.");
    }

    private static CertificateRefusal? CheckChain(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> sent, TrustBundleSnapshot bundle, DateTimeOffset now,
        out IReadOnlyList<X509Certificate2>? chainCertificates, out DateTimeOffset validUntil)
    {
        chainCertificates = null;
        validUntil = DateTimeOffset.MaxValue;
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(bundle.Roots);
        policy.ExtraStore.AddRange(bundle.Intermediates);
        foreach (var intermediate in sent)
        {
            policy.ExtraStore.Add(intermediate);
        }

        policy.RevocationMode = X509RevocationMode.NoCheck; // revocation lists are loaded in the background, never fetched here
        policy.DisableCertificateDownloads = true;          // no AIA fetch on a request path
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        policy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ClientAuthenticationOid));
        var built = chain.Build(certificate);

        var elements = new List<X509Certificate2>(chain.ChainElements.Count);
        var flags = X509ChainStatusFlags.NoError;
        foreach (var element in chain.ChainElements)
        {
            elements.Add(element.Certificate);
            foreach (var status in element.ChainElementStatus)
            {
                flags |= status.Status;
            }

            if (element.Certificate.NotAfter.ToUniversalTime() < validUntil.UtcDateTime)
            {
                validUntil = new DateTimeOffset(element.Certificate.NotAfter.ToUniversalTime());
            }
        }

        foreach (var status in chain.ChainStatus)
        {
            flags |= status.Status;
        }

        if (built && flags == X509ChainStatusFlags.NoError)
        {
            chainCertificates = elements;
            return null;
        }

        return Refusal(flags, elements, now);
    }

    /// <summary>The refusal of a chain that did not build: trust first, then time, then usage; anything else is untrusted.</summary>
    private static CertificateRefusal Refusal(X509ChainStatusFlags flags, List<X509Certificate2> elements, DateTimeOffset now)
    {
        const X509ChainStatusFlags untrusted = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotSignatureValid
            | X509ChainStatusFlags.Cyclic | X509ChainStatusFlags.ExplicitDistrust | X509ChainStatusFlags.InvalidBasicConstraints;
        if ((flags & untrusted) != 0)
        {
            return new(AuthErrorCodes.CertificateUntrusted, "The client certificate does not chain to a trusted CA.");
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            var notYetValid = elements.Exists(e => e.NotBefore.ToUniversalTime() > now.UtcDateTime);
            return notYetValid
                ? new(AuthErrorCodes.CertificateNotYetValid, "The client certificate (or a CA of its chain) is not valid yet.")
                : new(AuthErrorCodes.CertificateExpired, "The client certificate (or a CA of its chain) has expired.");
        }

        if ((flags & (X509ChainStatusFlags.NotValidForUsage | X509ChainStatusFlags.InvalidExtension)) != 0)
        {
            return new(AuthErrorCodes.CertificateUsageInvalid, "The client certificate's chain does not allow TLS client authentication.");
        }

        return new(AuthErrorCodes.CertificateUntrusted, "The client certificate's chain is not valid.");
    }
}
