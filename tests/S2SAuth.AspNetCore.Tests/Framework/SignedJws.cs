using System.Text;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Framework;

/// <summary>Compact JWS signed over segments exactly as given (padded, non-canonical...), so only the strictness can refuse them.</summary>
public static class SignedJws
{
    /// <summary>Signs <c>header.payload</c> (segments already encoded, possibly oddly) with the issuer's key.</summary>
    public static string Sign(TestSigningKey key, string headerSegment, string payloadSegment) =>
        Sign(key.SecurityKey, key.Algorithm, headerSegment, payloadSegment);

    /// <summary>Signs <c>header.payload</c> with any key and algorithm.</summary>
    public static string Sign(SecurityKey key, string algorithm, string headerSegment, string payloadSegment)
    {
        var input = headerSegment + "." + payloadSegment;
        var provider = key.CryptoProviderFactory.CreateForSigning(key, algorithm);
        try
        {
            return input + "." + Base64UrlEncoder.Encode(provider.Sign(Encoding.ASCII.GetBytes(input)));
        }
        finally
        {
            key.CryptoProviderFactory.ReleaseSignatureProvider(provider);
        }
    }

    /// <summary>A token of the given header and payload JSON (raw text, UTF-8), signed with the issuer's key.</summary>
    public static string Resign(TestSigningKey key, string headerJson, string payloadJson) =>
        Sign(key, Jws.Encode(headerJson), Jws.Encode(payloadJson));

    /// <summary>Base64url of raw bytes.</summary>
    public static string Encode(byte[] bytes) => Base64UrlEncoder.Encode(bytes);
}
