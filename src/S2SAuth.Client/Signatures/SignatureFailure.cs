namespace S2SAuth.Client.Signatures;

/// <summary>Why a message signature (RFC 9421) or a Content-Digest (RFC 9530) did not verify; stable, for error codes.</summary>
internal enum SignatureFailure
{
    None,
    MissingSignature,
    MalformedSignature,
    LabelNotFound,
    UnknownKey,
    AlgorithmMismatch,
    MissingRequiredComponent,
    UnsupportedComponent,
    ComponentNotInMessage,
    MissingCreated,
    MissingExpires,
    MissingNonce,
    NotYetValid,
    Expired,
    InvalidSignature,
    MissingDigest,
    MalformedDigest,
    UnsupportedDigestAlgorithm,
    DigestMismatch,
}
