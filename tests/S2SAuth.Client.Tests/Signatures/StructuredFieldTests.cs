using System.Text;
using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Tests.Signatures;

/// <summary>The RFC 8941 subset: what parses, what round-trips, and what is refused (never thrown).</summary>
public sealed class StructuredFieldTests
{
    [Fact]
    public void A_signature_input_round_trips_canonically()
    {
        const string input = "sig1=(\"@method\" \"content-digest\");created=1618884473;expires=1618884533;keyid=\"k\\\"1\";nonce=\"n\";alg=\"ed25519\";tag=\"app\"";
        Assert.True(StructuredFieldParser.TryParseDictionary(input, out var dictionary));
        var (label, member) = Assert.Single(dictionary);
        Assert.Equal("sig1", label);
        Assert.True(SignatureParameters.TryFrom(member, out var parameters));
        Assert.Equal("k\"1", parameters!.KeyId);
        Assert.Equal(1618884533, parameters.Expires);
        Assert.Equal("app", parameters.Tag);
        Assert.Equal(input, "sig1=" + parameters.Serialize());
    }

    [Fact]
    public void Whitespace_around_members_and_items_is_accepted_and_normalized()
    {
        Assert.True(StructuredFieldParser.TryParseDictionary("a=(  \"x\"   \"y\" );n=1 ,\tb=:AQID:;p, c", out var dictionary));
        Assert.Equal(["a", "b", "c"], dictionary.Select(d => d.Key));
        Assert.Equal("(\"x\" \"y\");n=1", StructuredFieldWriter.InnerList(dictionary[0].Value.InnerList!));
        Assert.Equal(new byte[] { 1, 2, 3 }, dictionary[1].Value.Item!.Bytes);
        Assert.True(dictionary[2].Value.Item!.Boolean);
    }

    [Fact]
    public void A_repeated_key_keeps_the_last_value()
    {
        Assert.True(StructuredFieldParser.TryParseDictionary("a=1, b=2, a=3", out var dictionary));
        Assert.Equal(3, dictionary[0].Value.Item!.Integer);
        Assert.Equal(2, dictionary.Count);
    }

    [Theory]
    [InlineData("a=1.5")]
    [InlineData("a=1234567890123456")]
    [InlineData("a=\"unterminated")]
    [InlineData("a=\"bad \\n escape\"")]
    [InlineData("a=\"non-ascii é\"")]
    [InlineData("a=:AB@C:")]
    [InlineData("A=1")]
    [InlineData("a=1,")]
    [InlineData("a=1 b=2")]
    [InlineData("a=(1 2")]
    [InlineData("a=(1 2)x")]
    [InlineData("a=?2")]
    [InlineData("a=1;")]
    [InlineData("=1")]
    [InlineData("a=%")]
    public void Invalid_input_is_refused(string input)
    {
        Assert.False(StructuredFieldParser.TryParseDictionary(input, out _));
    }

    [Fact]
    public void Bounds_are_enforced()
    {
        Assert.False(StructuredFieldParser.TryParseDictionary(new string('a', StructuredFieldParser.MaxFieldLength + 1), out _));
        Assert.False(StructuredFieldParser.TryParseDictionary(string.Join(", ", Enumerable.Range(0, StructuredFieldParser.MaxMembers + 1).Select(i => $"k{i}=1")), out _));
        Assert.True(StructuredFieldParser.TryParseDictionary(string.Join(", ", Enumerable.Range(0, StructuredFieldParser.MaxMembers).Select(i => $"k{i}=1")), out _));
        Assert.False(StructuredFieldParser.TryParseDictionary("a=1" + string.Concat(Enumerable.Range(0, StructuredFieldParser.MaxParameters + 1).Select(i => $";p{i}")), out _));
        Assert.False(StructuredFieldParser.TryParseDictionary("a=(" + string.Join(' ', Enumerable.Repeat("1", StructuredFieldParser.MaxInnerListItems + 1)) + ")", out _));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(9421);
        const string alphabet = "abc=():;,\"\\ ?*-01.9AZ+/%\t";
        for (var i = 0; i < 5000; i++)
        {
            var builder = new StringBuilder();
            for (var j = random.Next(0, 40); j > 0; j--)
            {
                builder.Append(alphabet[random.Next(alphabet.Length)]);
            }

            _ = StructuredFieldParser.TryParseDictionary(builder.ToString(), out _);
        }
    }
}
