using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Verification;

/// <summary>
/// A token's confirmation (RFC 7800 <c>cnf</c>): unbound, bound to a certificate (RFC 8705 §3.1, <c>x5t#S256</c>: the
/// base64url SHA-256 of the certificate's DER encoding), or a <c>cnf</c> S2SAuth cannot check (malformed, or only
/// another method such as DPoP's <c>jkt</c>), which is refused rather than accepted as if it were unbound.
/// </summary>
internal readonly record struct TokenBinding(byte[]? Thumbprint, bool Unsupported)
{
    private const string Claim = "cnf";
    private const string CertificateThumbprint = "x5t#S256";

    public static TokenBinding None => default;

    public bool IsBound => Thumbprint is not null || Unsupported;

    public static TokenBinding Read(JsonWebToken token)
    {
        if (!token.TryGetPayloadValue<object>(Claim, out var value))
        {
            return None;
        }

        if (value is not JsonElement { ValueKind: JsonValueKind.Object } cnf
            || !cnf.TryGetProperty(CertificateThumbprint, out var x5t)
            || x5t.ValueKind != JsonValueKind.String)
        {
            return new(null, true);
        }

        try
        {
            var thumbprint = Base64UrlEncoder.DecodeBytes(x5t.GetString());
            return thumbprint.Length == 32 ? new(thumbprint, false) : new(null, true);
        }
        catch (FormatException)
        {
            return new(null, true);
        }
    }

    /// <summary>
    /// Whether <paramref name="certificateSha256"/> is the bound certificate's SHA-256. An ordinary comparison: both
    /// values are public (one is in the token, the other is the hash of the certificate the client sent), so there is
    /// no secret for timing to leak, and <c>CryptographicOperations.FixedTimeEquals</c> (never optimised) costs ~0.2 µs.
    /// </summary>
    public bool Matches(byte[] certificateSha256) =>
        Thumbprint is { } expected && expected.AsSpan().SequenceEqual(certificateSha256);
}
