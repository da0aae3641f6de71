using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Delegation.Framework;

/// <summary>RFC 8693 <c>act</c> claims for tests: well-formed chains, and raw ones no issuer would write.</summary>
public static class Act
{
    /// <summary>The <c>act</c> claim naming <paramref name="actors"/> by <c>sub</c>, most recent (outermost) first.</summary>
    public static JsonObject Chain(params string[] actors)
    {
        JsonObject? inner = null;
        for (var i = actors.Length - 1; i >= 0; i--)
        {
            var actor = new JsonObject { ["sub"] = actors[i] };
            if (inner is not null)
            {
                actor["act"] = inner;
            }

            inner = actor;
        }

        return inner ?? throw new ArgumentException("A chain names at least one actor.", nameof(actors));
    }

    /// <summary>
    /// A token of <paramref name="issuer"/> whose payload is <paramref name="template"/>'s with its <c>act</c> claim
    /// replaced by the raw JSON <paramref name="rawAct"/> (e.g. nested thousands of levels deep, which no serializer
    /// writes), signed again with the issuer's current key.
    /// </summary>
    public static string WithRawAct(TestIssuer issuer, TokenBuilder template, string rawAct)
    {
        var token = template.Claim("act", "__ACT__").Build();
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"__ACT__\"", rawAct, StringComparison.Ordinal);
        var signingInput = parts[0] + "." + Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload));
        var key = issuer.CurrentKey;
        var provider = key.SecurityKey.CryptoProviderFactory.CreateForSigning(key.SecurityKey, key.Algorithm);
        try
        {
            return signingInput + "." + Base64UrlEncoder.Encode(provider.Sign(Encoding.ASCII.GetBytes(signingInput)));
        }
        finally
        {
            key.SecurityKey.CryptoProviderFactory.ReleaseSignatureProvider(provider);
        }
    }

    /// <summary><paramref name="levels"/> nested <c>act</c> objects, each naming an actor: <c>{"sub":"s0","act":{"sub":"s1",...}}</c>.</summary>
    public static string Nested(int levels)
    {
        var text = new StringBuilder(levels * 24);
        for (var i = 0; i < levels; i++)
        {
            text.Append(i == 0 ? "{\"sub\":\"s" : ",\"act\":{\"sub\":\"s").Append(i).Append('"');
        }

        return text.Append('}', levels).ToString();
    }
}
