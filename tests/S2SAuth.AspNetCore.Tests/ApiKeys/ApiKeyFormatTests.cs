using System.Security.Cryptography;
using System.Text;
using S2SAuth.ApiKeys;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.ApiKeys;

/// <summary>The key format and the stored hash: what <see cref="ApiKeyFactory"/> makes parses, and the hash is accepted as hex, base64 and base64url alike.</summary>
public sealed class ApiKeyFormatTests
{
    [Fact]
    public void A_made_key_parses_and_its_hash_matches_in_every_accepted_spelling()
    {
        var (key, hash) = ApiKeyFactory.Create("partner-2026-a");

        Assert.True(ApiKeyFormat.TryParse(key, out var idLength));
        Assert.Equal("partner-2026-a", key.Substring(4, idLength));
        Assert.Equal(4 + 14 + 1 + 43, key.Length);

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        Span<byte> computed = stackalloc byte[32];
        ApiKeyHash.Compute(key, computed);
        Assert.Equal(digest, computed.ToArray());
        Assert.Equal(digest, ApiKeyHash.Parse(hash));
        Assert.Equal(digest, ApiKeyHash.Parse("sha256:" + Convert.ToHexString(digest)));
        Assert.Equal(digest, ApiKeyHash.Parse("SHA256:" + Convert.ToBase64String(digest)));
        Assert.Equal(digest, ApiKeyHash.Parse("sha256:" + Convert.ToBase64String(digest).TrimEnd('=').Replace('+', '-').Replace('/', '_')));
    }

    [Theory]
    [InlineData("s2s_abc_" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", true)]
    [InlineData("s2s_abc_" + "AAAAAAAAAAAAAAAAAAAA_AAAAAAAAAAA-AAAAAAAAAA", true)]
    [InlineData("s2s_ab_" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("S2S_abc_" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("s2s_abc_" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", false)]
    [InlineData("s2s_abc_" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("s2s_abc", false)]
    public void Parsing_follows_the_documented_format(string key, bool valid) => Assert.Equal(valid, ApiKeyFormat.TryParse(key, out _));

    [Fact]
    public void The_factory_refuses_an_id_the_format_does_not_allow() =>
        Assert.Throws<ArgumentException>(() => ApiKeyFactory.Create("Bad_Id"));
}
