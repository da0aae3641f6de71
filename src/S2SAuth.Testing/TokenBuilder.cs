using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Testing;

/// <summary>
/// Builds one compact JWS. Starts from a valid token of the issuer; every claim and header can be set,
/// replaced or removed, so tests can make both valid tokens and each kind of broken one.
/// </summary>
public sealed class TokenBuilder
{
    private readonly JsonObject _header = new();
    private readonly JsonObject _payload = new();
    private TestSigningKey _key;
    private SecurityKey? _signingKeyOverride;

    internal TokenBuilder(TestIssuer issuer, TestSigningKey key)
    {
        _key = key;
        var now = issuer.TimeProvider.GetUtcNow();
        _header["alg"] = key.Algorithm;
        _header["kid"] = key.KeyId;
        _header["typ"] = "JWT";
        _payload["iss"] = issuer.Issuer;
        _payload["iat"] = now.ToUnixTimeSeconds();
        _payload["nbf"] = now.ToUnixTimeSeconds();
        _payload["exp"] = now.Add(issuer.TokenLifetime).ToUnixTimeSeconds();
        _payload["jti"] = Guid.NewGuid().ToString("N");
    }

    /// <summary>Sets a payload claim to any JSON value (string, number, bool, array, object).</summary>
    public TokenBuilder Claim(string name, object? value)
    {
        _payload[name] = value is null ? null : JsonSerializer.SerializeToNode(value);
        return this;
    }

    /// <summary>Removes a payload claim.</summary>
    public TokenBuilder Without(string name)
    {
        _payload.Remove(name);
        return this;
    }

    /// <summary>Sets a header parameter (e.g. <c>typ</c>, <c>crit</c>, <c>jku</c>); <see langword="null"/> removes it.</summary>
    public TokenBuilder Header(string name, object? value)
    {
        if (value is null)
        {
            _header.Remove(name);
        }
        else
        {
            _header[name] = JsonSerializer.SerializeToNode(value);
        }

        return this;
    }

    /// <summary>Sets the audience (one value is written as a string, several as an array).</summary>
    public TokenBuilder Audience(params string[] audiences) =>
        Claim("aud", audiences.Length == 1 ? audiences[0] : audiences);

    /// <summary>Sets <c>exp</c> relative to now (negative for an expired token).</summary>
    public TokenBuilder ExpiresIn(TimeSpan fromNow, TimeProvider? time = null) =>
        Claim("exp", (time ?? TimeProvider.System).GetUtcNow().Add(fromNow).ToUnixTimeSeconds());

    /// <summary>
    /// Binds the token to <paramref name="certificate"/> (RFC 8705 §3.1): <c>cnf</c> = <c>{"x5t#S256": thumbprint}</c>, so a
    /// verifier accepts it only over a TLS connection whose client certificate is this one.
    /// </summary>
    public TokenBuilder BoundTo(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        Claim("cnf", new Dictionary<string, string> { ["x5t#S256"] = TestCertificateAuthority.Thumbprint(certificate) });

    /// <summary>Signs with another key of the issuer (its <c>kid</c> and <c>alg</c> go into the header).</summary>
    public TokenBuilder SignWith(TestSigningKey key)
    {
        _key = key;
        _header["alg"] = key.Algorithm;
        _header["kid"] = key.KeyId;
        return this;
    }

    /// <summary>Signs with an arbitrary key and algorithm, header untouched except <c>alg</c>: for forgeries.</summary>
    public TokenBuilder SignWith(SecurityKey key, string algorithm)
    {
        _signingKeyOverride = key;
        _header["alg"] = algorithm;
        return this;
    }

    /// <summary>Serializes and signs. An <c>alg</c> of "none" in any casing produces an unsigned token.</summary>
    public string Build()
    {
        var alg = _header["alg"]?.GetValue<string>() ?? string.Empty;
        var signingInput = Encode(_header) + "." + Encode(_payload);
        if (alg.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return signingInput + ".";
        }

        var key = _signingKeyOverride ?? _key.SecurityKey;
        var provider = key.CryptoProviderFactory.CreateForSigning(key, alg);
        try
        {
            var signature = provider.Sign(Encoding.ASCII.GetBytes(signingInput));
            return signingInput + "." + Base64UrlEncoder.Encode(signature);
        }
        finally
        {
            key.CryptoProviderFactory.ReleaseSignatureProvider(provider);
        }
    }

    /// <inheritdoc cref="Build"/>
    public override string ToString() => Build();

    private static string Encode(JsonObject json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
