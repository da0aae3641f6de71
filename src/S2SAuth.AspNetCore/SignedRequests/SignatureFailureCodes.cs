using S2SAuth.Client.Signatures;

namespace S2SAuth.SignedRequests;

/// <summary>The core's <see cref="SignatureFailure"/> as a refusal: its stable code, S2SAuth's own detail, and the field or parameter at fault (never a value).</summary>
internal static class SignatureFailureCodes
{
    public static (string Code, string Detail, string? Claim) For(SignatureFailure failure) => failure switch
    {
        SignatureFailure.MissingSignature => (AuthErrorCodes.RequestSignatureMalformed, "A signed request needs both Signature-Input and Signature.", "Signature-Input"),
        SignatureFailure.LabelNotFound => (AuthErrorCodes.RequestSignatureMalformed, "No signature label is present in both Signature-Input and Signature (or the configured label is absent).", "Signature-Input"),
        SignatureFailure.UnsupportedComponent => (AuthErrorCodes.RequestSignatureMalformed, "The signature covers a component S2SAuth does not support (component parameters, @signature-params, a repeated or invalid name).", "Signature-Input"),
        SignatureFailure.UnknownKey => (AuthErrorCodes.RequestSignatureKeyUnknown, "The signature's keyid is missing or names no configured key.", "keyid"),
        SignatureFailure.AlgorithmMismatch => (AuthErrorCodes.RequestSignatureInvalid, "The signature's alg is not the algorithm of its key.", "alg"),
        SignatureFailure.InvalidSignature => (AuthErrorCodes.RequestSignatureInvalid, "The signature does not verify over the request.", "Signature"),
        SignatureFailure.ComponentNotInMessage => (AuthErrorCodes.RequestSignatureInvalid, "The signature covers a component the request does not carry (or one with characters a signature base cannot hold).", "Signature-Input"),
        SignatureFailure.MissingRequiredComponent => (AuthErrorCodes.RequestSignatureComponentsMissing, "The signature does not cover every required component.", "Signature-Input"),
        SignatureFailure.MissingCreated => (AuthErrorCodes.RequestSignatureComponentsMissing, "The signature has no created parameter.", "created"),
        SignatureFailure.MissingExpires => (AuthErrorCodes.RequestSignatureComponentsMissing, "The signature has no expires parameter.", "expires"),
        SignatureFailure.MissingNonce => (AuthErrorCodes.RequestSignatureComponentsMissing, "The signature has no nonce parameter.", "nonce"),
        SignatureFailure.NotYetValid => (AuthErrorCodes.RequestSignatureNotYetValid, "The signature's created time lies in the future beyond the allowed clock skew.", "created"),
        SignatureFailure.Expired => (AuthErrorCodes.RequestSignatureExpired, "The signature is too old or has expired.", "created"),
        SignatureFailure.MissingDigest => (AuthErrorCodes.ContentDigestMissing, "The request has a body but no Content-Digest.", "Content-Digest"),
        SignatureFailure.MalformedDigest or SignatureFailure.UnsupportedDigestAlgorithm =>
            (AuthErrorCodes.ContentDigestMalformed, "The Content-Digest cannot be read or carries no supported algorithm (sha-256, sha-512).", "Content-Digest"),
        SignatureFailure.DigestMismatch => (AuthErrorCodes.ContentDigestMismatch, "The body does not match its Content-Digest.", "Content-Digest"),
        _ => (AuthErrorCodes.RequestSignatureMalformed, "The Signature-Input or Signature field cannot be read.", "Signature-Input"),
    };
}
