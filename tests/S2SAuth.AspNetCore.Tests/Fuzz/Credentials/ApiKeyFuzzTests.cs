using CsCheck;
using S2SAuth.AspNetCore.Tests.ApiKeys.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Fuzz.Credentials;

/// <summary>
/// Hostile API keys through the real pipeline (<see cref="ApiKeyApi"/>, TestServer): the <c>s2s_&lt;id&gt;_&lt;secret&gt;</c>
/// shape mutated (prefix, separators, id and secret lengths, Unicode), random values, several values. Each answer is the
/// caller (only for the exact key) or a 401 problem with a documented code, never a 500 or a hang; no key reaches the logs.
/// </summary>
public sealed class ApiKeyFuzzTests : IAsyncLifetime
{
    private static readonly (string Key, string Hash) Partner = ApiKeyFactory.Create("acme-2026a");
    private TestIssuer _issuer = null!;
    private ApiKeyApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _api = await ApiKeyApi.StartAsync(_issuer, [new ApiKeyClient("acme", "acme-partner", ["price.read"]).WithKey("acme-2026a", Partner.Hash)]);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Hostile_api_keys_are_the_caller_only_when_exact_or_a_documented_refusal()
    {
        var secret = Partner.Key["s2s_acme-2026a_".Length..];
        var gen = Gen.Frequency(
            (6, HostileText.Hostile(Partner.Key, HostileText.AnyChar).Select(k => new[] { k })),
            // The shape with ids and secrets of any length from the allowed and nearby alphabets.
            (2, Gen.Select(Gen.String[Gen.Char["abcxyz019-_A"], 0, 40], Gen.String[Gen.Char["aZ09-_+/=.é"], 0, 140], Gen.OneOf("s2s_", "S2S_", "s2s-", "s2s__", "", "s2s_acme-2026a_"))
                .Select(p => new[] { $"{p.Item3}{p.Item1}_{p.Item2}" })),
            (1, Gen.Const(new[] { "s2s_acme-2026a_" + secret + secret })),
            // Several values: the key twice, or with another.
            (1, HostileText.Mutated(Partner.Key, HostileText.AsciiChar).Select(k => new[] { Partner.Key, k })));

        await FuzzRun.CheckAsync(gen, async keys =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/partner");
            request.Headers.TryAddWithoutValidation("X-Api-Key", keys);
            using var response = await FuzzRun.SendAsync(_api.Client, request);
            var code = await FuzzRun.SuccessOrRefusalAsync(response, _api.Logs);
            Assert.True(code is not null || keys is [var only] && only == Partner.Key, "Only the exact key is let through.");
            Assert.True(code is null || response.StatusCode == System.Net.HttpStatusCode.Unauthorized, $"A refused key is a 401, got {(int)response.StatusCode} {code}");
        }, print: keys => string.Join(" | ", keys.Select(k => k.Length <= 200 ? k : $"{k[..200]}... ({k.Length} chars)")));

        Assert.DoesNotContain(secret, _api.Logs.AllText(), StringComparison.Ordinal);
    }
}
