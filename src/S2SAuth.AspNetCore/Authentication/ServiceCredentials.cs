using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using S2SAuth.Certificates;
using S2SAuth.ForwardedCertificates;
using S2SAuth.Verification;

namespace S2SAuth.Authentication;

/// <summary>
/// The service-credential side of authenticating a request: which credentials the endpoint accepts, the certificate the
/// request presents, what that certificate proves (validated once per connection), and whether a certificate-bound
/// token came with its certificate (RFC 8705 §3). Nothing here touches the network.
/// </summary>
internal sealed class ServiceCredentials
{
    private readonly CertificateIdentityCache _certificates;
    private readonly ForwardedCertificateReader _forwarded;
    private readonly ServiceCredentialPolicy _default;
    private readonly TimeProvider _time;

    public ServiceCredentials(CertificateIdentityCache certificates, ForwardedCertificateReader forwarded, IOptions<ServiceAuthOptions> options, TimeProvider time)
    {
        _certificates = certificates;
        _forwarded = forwarded;
        _default = options.Value.DefaultServiceCredential;
        _time = time;
    }

    /// <summary>The endpoint's declared policy (the innermost declaration), else <c>ServiceAuth:DefaultServiceCredential</c>.</summary>
    public ServiceCredentialPolicy PolicyFor(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IServiceCredentialDeclaration>()?.Policy ?? _default;

    /// <summary>
    /// Reads the forwarded certificate header (when <c>Forwarded:Header</c> is set) on every request that carries it,
    /// whatever the endpoint: from a source that is not a trusted proxy it is then logged and removed, so neither S2SAuth
    /// nor the application's own code can be misled by it later. The answer is kept for <see cref="Presented"/>.
    /// </summary>
    public void ScreenForwardedHeader(HttpContext http) => _forwarded.Read(http);

    /// <summary>
    /// The client certificate the request presents: the one a trusted proxy forwarded (it takes precedence: the
    /// connection is the proxy's), else the TLS connection's own, else <see langword="null"/>. A malformed header from a
    /// trusted proxy gives no certificate and its refusal.
    /// </summary>
    public PresentedCertificate? Presented(HttpContext http, out CertificateRefusal? refusal)
    {
        refusal = null;
        var forwarded = _forwarded.Read(http);
        switch (forwarded.Outcome)
        {
            case ForwardedCertificateOutcome.Forwarded:
                return forwarded.Certificate;
            case ForwardedCertificateOutcome.Malformed:
                refusal = new CertificateRefusal(forwarded.Code!, forwarded.Detail!);
                return null;
        }

        return http.Connection.ClientCertificate is { } certificate ? _certificates.ForConnection(certificate) : null;
    }

    /// <summary>What <paramref name="presented"/> proves, or why it proves nothing.</summary>
    public CertificateCheck Check(PresentedCertificate presented) => _certificates.Check(presented, _time.GetUtcNow());

    /// <summary>
    /// The binding rule for one verified token, under every policy: a bound token needs the request's certificate to be
    /// the one it names; a <c>cnf</c> S2SAuth cannot check is refused; under <see cref="ServiceCredentialPolicy.BoundToken"/>
    /// the service token must be bound. <see langword="null"/> when the rule holds.
    /// </summary>
    public static CertificateRefusal? CheckBinding(VerifiedToken token, PresentedCertificate? presented, bool bindingRequired)
    {
        var binding = token.Binding;
        if (binding.Unsupported)
        {
            return new(AuthErrorCodes.TokenBindingUnsupported, "The token's confirmation ('cnf') names no certificate thumbprint S2SAuth can check.");
        }

        if (binding.Thumbprint is not null)
        {
            return presented is not null && binding.Matches(presented.Sha256Thumbprint)
                ? null
                : new(AuthErrorCodes.TokenBindingMismatch, presented is null
                    ? "The token is bound to a client certificate and the connection presents none."
                    : "The token is bound to another client certificate than the connection's.");
        }

        return bindingRequired ? new(AuthErrorCodes.TokenNotBound, "The endpoint needs a token bound to the client certificate (RFC 8705).") : null;
    }
}
