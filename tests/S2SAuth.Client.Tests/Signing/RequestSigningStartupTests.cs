using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Tests.Signing;

/// <summary>A signing client whose options or key cannot work stops the start with a message naming the key, never key material.</summary>
public sealed class RequestSigningStartupTests : IDisposable
{
    private readonly TestSigningKeys _keys = new();

    public void Dispose() => _keys.Dispose();

    private static async Task<string?> StartAsync(Dictionary<string, string?> settings, Action<RequestSigningOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddHttpClient("peer", c => c.BaseAddress = new Uri("https://peer.internal")).AddRequestSigning(configure);
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (OptionsValidationException e)
        {
            return e.Message;
        }
    }

    private Dictionary<string, string?> With(string algorithm, out string material, params (string Key, string? Value)[] extra)
    {
        (material, var verifier) = TestSigningKeys.Create(algorithm);
        verifier.Dispose();
        var settings = _keys.Settings(algorithm, material);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Theory]
    [InlineData(SignatureAlgorithms.Ed25519)]
    [InlineData(SignatureAlgorithms.EcdsaP256Sha256)]
    [InlineData(SignatureAlgorithms.HmacSha256)]
    [InlineData(SignatureAlgorithms.RsaPssSha512)]
    public async Task A_loadable_key_starts_without_any_issuer_settings(string algorithm)
    {
        Assert.Null(await StartAsync(With(algorithm, out _)));
    }

    [Fact]
    public async Task An_EC_private_key_in_SEC1_form_starts_too()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var settings = _keys.Settings(SignatureAlgorithms.EcdsaP256Sha256, ecdsa.ExportECPrivateKeyPem());

        Assert.Null(await StartAsync(settings));
    }

    [Fact]
    public async Task A_missing_KeyId_stops_the_start_naming_the_key_and_the_client()
    {
        var message = await StartAsync(With(SignatureAlgorithms.Ed25519, out _, ("ServiceAuth:RequestSigning:KeyId", null)));

        Assert.NotNull(message);
        Assert.Contains("ServiceAuth:RequestSigning:KeyId is required", message, StringComparison.Ordinal);
        Assert.Contains("HttpClient 'peer'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_of_another_type_than_the_algorithm_stops_the_start_without_showing_the_key()
    {
        var (pem, verifier) = TestSigningKeys.Create(SignatureAlgorithms.EcdsaP256Sha256);
        verifier.Dispose();
        var settings = _keys.Settings(SignatureAlgorithms.Ed25519, pem);

        var message = await StartAsync(settings);

        Assert.NotNull(message);
        Assert.Contains("ServiceAuth:RequestSigning:PrivateKeyPath holds an EC key, which does not fit ServiceAuth:RequestSigning:Algorithm=ed25519", message, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", message, StringComparison.Ordinal);
        Assert.DoesNotContain(pem.Split('\n')[1], message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_EC_key_on_another_curve_stops_the_start()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var message = await StartAsync(_keys.Settings(SignatureAlgorithms.EcdsaP256Sha256, ecdsa.ExportPkcs8PrivateKeyPem()));

        Assert.NotNull(message);
        Assert.Contains("another curve than P-256", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a pem at all", "holds no PEM private key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n", "holds a private key that cannot be read")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nbm90IGEga2V5\n-----END ENCRYPTED PRIVATE KEY-----\n", "holds an encrypted private key")]
    public async Task A_bad_key_file_stops_the_start_naming_the_key(string content, string expected)
    {
        var message = await StartAsync(_keys.Settings(SignatureAlgorithms.Ed25519, content));

        Assert.NotNull(message);
        Assert.Contains("ServiceAuth:RequestSigning:PrivateKeyPath " + expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("bm90IGEga2V5", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_key_file_stops_the_start()
    {
        var settings = With(SignatureAlgorithms.Ed25519, out _, ("ServiceAuth:RequestSigning:PrivateKeyPath", Path.Combine(_keys.DirectoryPath, "absent.pem")));

        var message = await StartAsync(settings);

        Assert.NotNull(message);
        Assert.Contains("ServiceAuth:RequestSigning:PrivateKeyPath names a file that does not exist", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c2hvcnQtc2VjcmV0", "is shorter than 32 bytes")]
    [InlineData("not base64 !!", "is not valid base64")]
    public async Task A_bad_hmac_secret_stops_the_start_without_showing_it(string secret, string expected)
    {
        var message = await StartAsync(With(SignatureAlgorithms.HmacSha256, out _, ("ServiceAuth:RequestSigning:Secret", secret)));

        Assert.NotNull(message);
        Assert.Contains("ServiceAuth:RequestSigning:Secret " + expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_with_an_asymmetric_algorithm_and_an_unknown_algorithm_stop_the_start()
    {
        var withSecret = await StartAsync(With(SignatureAlgorithms.Ed25519, out _, ("ServiceAuth:RequestSigning:Secret", Convert.ToBase64String(new byte[32]))));
        var unknown = await StartAsync(With(SignatureAlgorithms.Ed25519, out _, ("ServiceAuth:RequestSigning:Algorithm", "hmac-sha1")));

        Assert.Contains("ServiceAuth:RequestSigning:Secret must not be set with ServiceAuth:RequestSigning:Algorithm=ed25519", withSecret, StringComparison.Ordinal);
        Assert.Contains("ServiceAuth:RequestSigning:Algorithm must be ed25519, ecdsa-p256-sha256, hmac-sha256 or rsa-pss-sha512", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_components_label_digest_and_limits_stop_the_start()
    {
        var message = await StartAsync(With(SignatureAlgorithms.HmacSha256, out _,
            ("ServiceAuth:RequestSigning:Components:0", "@method"),
            ("ServiceAuth:RequestSigning:Components:1", "content-digest"),
            ("ServiceAuth:RequestSigning:Components:2", "X-Tenant"),
            ("ServiceAuth:RequestSigning:Components:3", "@method"),
            ("ServiceAuth:RequestSigning:Label", "Sig 1"),
            ("ServiceAuth:RequestSigning:DigestAlgorithm", "md5"),
            ("ServiceAuth:RequestSigning:MaxBodyBytes", "0"),
            ("ServiceAuth:RequestSigning:Lifetime", "00:00:00")));

        Assert.NotNull(message);
        Assert.Contains("'content-digest' is added by itself", message, StringComparison.Ordinal);
        Assert.Contains("'X-Tenant' is not a lowercase header field name", message, StringComparison.Ordinal);
        Assert.Contains("lists '@method' twice", message, StringComparison.Ordinal);
        Assert.Contains("ServiceAuth:RequestSigning:Label must be", message, StringComparison.Ordinal);
        Assert.Contains("ServiceAuth:RequestSigning:DigestAlgorithm must be sha-256 or sha-512", message, StringComparison.Ordinal);
        Assert.Contains("ServiceAuth:RequestSigning:MaxBodyBytes must be", message, StringComparison.Ordinal);
        Assert.Contains("ServiceAuth:RequestSigning:Lifetime must be", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_configure_delegate_overrides_the_section_per_client()
    {
        var settings = With(SignatureAlgorithms.HmacSha256, out _, ("ServiceAuth:RequestSigning:KeyId", null));

        Assert.Null(await StartAsync(settings, o => o.KeyId = "set-in-code"));
    }

    [Fact]
    public async Task Without_AddRequestSigning_the_section_is_not_read()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ServiceAuth:RequestSigning:Algorithm"] = "bogus" });
        builder.Services.AddHttpClient("plain");
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();
    }
}
