using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Benchmarks.Framework;
using S2SAuth.Caching;

namespace S2SAuth.Benchmarks.Verification;

/// <summary>
/// One request's service + user token pair, side by side: the raw signature checks underneath (the floor), two
/// bare <see cref="JsonWebTokenHandler.ValidateTokenAsync(string, TokenValidationParameters)"/> calls with the
/// parameters a JwtBearer app uses (the baseline), and S2SAuth on first sight and on repeated tokens.
/// </summary>
[MemoryDiagnoser]
public class TokenPairBenchmarks
{
    private S2SAuthHost _host = null!;
    private RequestSteps _steps = null!;
    private VerifiedTokenCache _cache = null!;
    private readonly JsonWebTokenHandler _handler = new();
    private TokenValidationParameters _parameters = null!;
    private (byte[] Input, byte[] Signature)[] _signed = null!;
    private AsymmetricAlgorithm _publicKey = null!;

    [Params("RS256", "ES256")]
    public string Algorithm { get; set; } = "RS256";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await S2SAuthHost.StartAsync(Algorithm);
        _steps = new RequestSteps(_host);
        _cache = _host.Services.GetRequiredService<VerifiedTokenCache>();
        var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(_host.Issuer.Authority + "/.well-known/openid-configuration",
            new HttpDocumentRetriever { RequireHttps = false }, CancellationToken.None);
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = BenchTokens.Audience,
            IssuerSigningKeys = configuration.SigningKeys,
        };
        _signed = [Split(_host.ServiceToken), Split(_host.UserToken)];
        _publicKey = _host.Issuer.CurrentKey.SecurityKey switch
        {
            RsaSecurityKey rsa => rsa.Rsa,
            ECDsaSecurityKey ec => ec.ECDsa,
            var other => throw new InvalidOperationException(other.GetType().Name),
        };
        Check(RawSignatures() == 2 && await TwoValidateTokenAsync() == 2 && await FirstSightAsync() && await RepeatedAsync() && await RepeatedWithDecisionAsync(),
            "every benchmark must verify its tokens");
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _host.DisposeAsync();

    [Benchmark(Description = "raw signature checks x2 (floor)")]
    public int RawSignatures()
    {
        var valid = 0;
        foreach (var (input, signature) in _signed)
        {
            var ok = _publicKey is RSA rsa
                ? rsa.VerifyData(input, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : ((ECDsa)_publicKey).VerifyData(input, signature, HashAlgorithmName.SHA256);
            valid += ok ? 1 : 0;
        }

        return valid;
    }

    [Benchmark(Baseline = true, Description = "JsonWebTokenHandler.ValidateTokenAsync x2")]
    public async Task<int> TwoValidateTokenAsync()
    {
        var service = await _handler.ValidateTokenAsync(_host.ServiceToken, _parameters);
        var user = await _handler.ValidateTokenAsync(_host.UserToken, _parameters);
        return (service.IsValid ? 1 : 0) + (user.IsValid ? 1 : 0);
    }

    [Benchmark(Description = "S2SAuth pair, first sight")]
    public ValueTask<bool> FirstSightAsync()
    {
        // Forget both tokens, so that they are verified in full and cached again.
        _cache.Remove(_host.ServiceToken);
        _cache.Remove(_host.UserToken);
        return _steps.AuthenticateAsync(_host.Http);
    }

    [Benchmark(Description = "S2SAuth pair, repeated tokens (cache hit)")]
    public ValueTask<bool> RepeatedAsync() => _steps.AuthenticateAsync(_host.Http);

    [Benchmark(Description = "S2SAuth pair, cache hit + RequireActivity")]
    public async Task<bool> RepeatedWithDecisionAsync() =>
        await _steps.AuthenticateAsync(_host.Http) && await _steps.DecideAsync(_host.Http);

    private static (byte[] Input, byte[] Signature) Split(string token)
    {
        var dot = token.LastIndexOf('.');
        return (Encoding.ASCII.GetBytes(token[..dot]), Base64UrlEncoder.DecodeBytes(token[(dot + 1)..]));
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
