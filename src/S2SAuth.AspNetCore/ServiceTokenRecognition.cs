namespace S2SAuth;

/// <summary>How S2SAuth tells a service token from a user token.</summary>
public enum ServiceTokenRecognition
{
    /// <summary>Only the <c>type</c> claim: <c>service</c> or <c>user</c>. A token without it is a user token.</summary>
    TypeClaim,

    /// <summary>
    /// The <c>type</c> claim when present; otherwise a token whose <c>sub</c> equals its <c>client_id</c>
    /// (a client-credentials token of an RFC 9068 issuer that cannot add claims) is a service token.
    /// </summary>
    TypeClaimOrClientCredentials,
}
