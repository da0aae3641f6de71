using S2SAuth.Client.Signatures;
using static S2SAuth.Client.Tests.Signatures.Rfc9421ConformanceTests;

namespace S2SAuth.Client.Tests.Signatures;

/// <summary>Component values against the examples of RFC 9421 §2.1 (header fields) and §2.2 (derived components).</summary>
public sealed class SignatureBaseTests
{
    [Fact]
    public void Derived_components_match_the_section_2_2_examples()
    {
        // §2.2: POST /path?param=value HTTP/1.1, Host: www.example.com, over https.
        var message = HttpMessageComponents.FromValues("POST", "https", "www.example.com", "/path", "?param=value", _ => null);
        Assert.Equal(
            "\"@method\": POST\n" +
            "\"@target-uri\": https://www.example.com/path?param=value\n" +
            "\"@authority\": www.example.com\n" +
            "\"@scheme\": https\n" +
            "\"@request-target\": /path?param=value\n" +
            "\"@path\": /path\n" +
            "\"@query\": ?param=value\n" +
            "\"@signature-params\": (\"@method\" \"@target-uri\" \"@authority\" \"@scheme\" \"@request-target\" \"@path\" \"@query\");created=1",
            Base(message, "s=(\"@method\" \"@target-uri\" \"@authority\" \"@scheme\" \"@request-target\" \"@path\" \"@query\");created=1"));
    }

    [Fact]
    public void An_absent_query_is_a_lone_question_mark_and_absent_from_the_target()
    {
        // §2.2.7: GET /path HTTP/1.1 → "@query": ?
        var message = HttpMessageComponents.FromValues("GET", "http", "www.example.com:80", "/path", string.Empty, _ => null);
        Assert.Equal(
            "\"@query\": ?\n\"@target-uri\": http://www.example.com/path\n\"@request-target\": /path\n\"@signature-params\": (\"@query\" \"@target-uri\" \"@request-target\")",
            Base(message, "s=(\"@query\" \"@target-uri\" \"@request-target\")"));
    }

    [Fact]
    public void Header_lines_are_trimmed_and_joined_as_in_section_2_1()
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-OWS-Header"] = ["   Leading and trailing whitespace.   "],
            ["Cache-Control"] = ["max-age=60", "   must-revalidate"],
            ["Example-Dict"] = [" a=1,    b=2;x=1;y=2,   c=(a   b   c)"],
        };
        var message = HttpMessageComponents.FromValues("GET", "https", "example.com", "/", string.Empty, n => headers.TryGetValue(n, out var v) ? v : null);
        Assert.Equal(
            "\"x-ows-header\": Leading and trailing whitespace.\n" +
            "\"cache-control\": max-age=60, must-revalidate\n" +
            "\"example-dict\": a=1,    b=2;x=1;y=2,   c=(a   b   c)\n" +
            "\"@signature-params\": (\"x-ows-header\" \"cache-control\" \"example-dict\")",
            Base(message, "s=(\"x-ows-header\" \"cache-control\" \"example-dict\")"));
    }

    private static string Base(HttpMessageComponents message, string member)
    {
        Assert.True(SignatureBase.TryCreate(message, Parse(member), out var signatureBase, out var failure), failure.ToString());
        return signatureBase;
    }
}
