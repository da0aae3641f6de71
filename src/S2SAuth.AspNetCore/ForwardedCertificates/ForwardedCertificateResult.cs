using S2SAuth.Certificates;

namespace S2SAuth.ForwardedCertificates;

/// <summary>The outcome of reading a request's forwarded certificate header, with the certificate or the refusal.</summary>
internal sealed class ForwardedCertificateResult
{
    public static readonly ForwardedCertificateResult NotForwarded = new(ForwardedCertificateOutcome.NotForwarded, null, null, null);

    public static readonly ForwardedCertificateResult Ignored = new(ForwardedCertificateOutcome.Ignored, null, null, null);

    private ForwardedCertificateResult(ForwardedCertificateOutcome outcome, PresentedCertificate? certificate, string? code, string? detail)
    {
        Outcome = outcome;
        Certificate = certificate;
        Code = code;
        Detail = detail;
    }

    public ForwardedCertificateOutcome Outcome { get; }

    /// <summary>With <see cref="ForwardedCertificateOutcome.Forwarded"/>: the caller's certificate (kind <see cref="ServiceCredentialKind.ForwardedCertificate"/>).</summary>
    public PresentedCertificate? Certificate { get; }

    /// <summary>With <see cref="ForwardedCertificateOutcome.Malformed"/>: <see cref="AuthErrorCodes.CertificateIdentityInvalid"/> or <see cref="AuthErrorCodes.CertificateIdentityNotAllowed"/>.</summary>
    public string? Code { get; }

    /// <summary>With <see cref="ForwardedCertificateOutcome.Malformed"/>: what is wrong, safe to return to the caller (never the header's value).</summary>
    public string? Detail { get; }

    public static ForwardedCertificateResult Forwarded(PresentedCertificate certificate) =>
        new(ForwardedCertificateOutcome.Forwarded, certificate, null, null);

    public static ForwardedCertificateResult Malformed(string detail, string code = AuthErrorCodes.CertificateIdentityInvalid) =>
        new(ForwardedCertificateOutcome.Malformed, null, code, detail);
}
