using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CsCheck;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Fuzz.Tokens;

/// <summary>
/// Property-based hostile input (CsCheck) through the in-process TestServer, so an escaping exception fails the test:
/// mutated tokens (segments and JSON), odd token headers, correlation ids and tenant values. Property: every answer is a
/// success or a well-formed refusal (400/401/403, problem+json, a <c>code</c> of <see cref="AuthErrorCodes"/>), never a
/// 500, never a hang (10 s per request). <c>S2SAUTH_FUZZ_SEED</c> / <c>S2SAUTH_FUZZ_ITER</c> override the seed and the
/// count (300); CsCheck prints the seed of a failure.
/// </summary>
public sealed class TokenFuzzTests : IClassFixture<ApiFixture>
{
    private static readonly HashSet<string> Codes = typeof(AuthErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

    private readonly TestApi _api;
    private readonly string _valid;
    private readonly string _user;

    public TokenFuzzTests(ApiFixture fixture)
    {
        _api = fixture.Api;
        _valid = _api.ServiceToken().Claim("tenant_id", "tenant_789").Build();
        _user = _api.UserToken().Build();
    }

    private static string? Seed => Environment.GetEnvironmentVariable("S2SAUTH_FUZZ_SEED") is { Length: > 0 } seed ? seed : null;

    private static long Iter => long.TryParse(Environment.GetEnvironmentVariable("S2SAUTH_FUZZ_ITER"), out var iter) && iter > 0 ? iter : 300;

    [Fact]
    public async Task Mutated_token_segments_get_a_success_or_a_well_formed_refusal()
    {
        var gen = Gen.Select(Gen.Int[0, 11], Gen.Int[0, 100_000], Gen.Char, Gen.Int[1, 8]);
        await gen.SampleAsync(async (op, at, c, n) =>
        {
            var token = MutateSegments(_valid, op, at, c, n);
            await AssertWellFormedAsync(r => r.Headers.TryAddWithoutValidation("X-Service-Token", token));
        }, seed: Seed, iter: Iter, threads: 1);
    }

    [Fact]
    public async Task Mutated_token_JSON_signed_by_the_issuer_gets_a_success_or_a_well_formed_refusal()
    {
        var gen = Gen.Select(Gen.Int[0, 13], Gen.Int[0, 100_000], Gen.String, Gen.Bool);
        await gen.SampleAsync(async (op, at, text, header) =>
        {
            var json = Jws.Decode(_valid, header ? 0 : 1);
            var mutated = MutateJson(json, op, at, text);
            var token = header
                ? SignedJws.Resign(_api.Issuer.CurrentKey, mutated, Jws.Decode(_valid, 1))
                : SignedJws.Resign(_api.Issuer.CurrentKey, Jws.Decode(_valid, 0), mutated);
            await AssertWellFormedAsync(r => r.Headers.TryAddWithoutValidation("X-Service-Token", token));
        }, seed: Seed, iter: Iter, threads: 1);
    }

    [Fact]
    public async Task Odd_token_and_correlation_headers_get_a_success_or_a_well_formed_refusal()
    {
        var gen = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 3], Gen.String, Gen.Int[0, 70_000]);
        await gen.SampleAsync(async (op, header, text, length) =>
        {
            var name = header switch { 0 => "X-Service-Token", 1 => "Authorization", 2 => "X-Correlation-Id", _ => "X-User-Token" };
            var value = op switch
            {
                0 => text,
                1 => "Bearer " + text,
                2 => "bEaReR\t" + _user,
                3 => " \t" + _valid + "\u00a0",
                4 => new string('a', length),
                5 => "Bearer " + _user + ", Bearer " + _user,
                6 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)),
                7 => text + "\r\n" + text,
                8 => "\u0000\u0001" + text + "\u007f",
                _ => "Bearer  " + _user + "  ",
            };
            await AssertWellFormedAsync(r =>
            {
                if (header != 0)
                {
                    r.Headers.TryAddWithoutValidation("X-Service-Token", _valid);
                }

                r.Headers.TryAddWithoutValidation(name, value);
                if (op % 2 == 0)
                {
                    r.Headers.TryAddWithoutValidation(name, text); // a second value
                }
            });
        }, seed: Seed, iter: Iter, threads: 1);
    }

    private static string MutateSegments(string token, int op, int at, char c, int n)
    {
        var pos = at % token.Length;
        var parts = token.Split('.');
        var segment = at % 3;
        return op switch
        {
            0 => token[..pos] + (char)(token[pos] ^ (1 << (n - 1))) + token[(pos + 1)..], // bit flip
            1 => token[..pos], // truncation
            2 => token + string.Concat(Enumerable.Repeat(".", n)) + (n % 2 == 0 ? "eyJ9" : string.Empty), // extra segments
            3 => Jws.WithSegment(token, segment, parts[segment] + new string('=', n % 4)), // padding
            4 => token[..pos] + c + token[(pos + 1)..], // any character
            5 => Jws.WithSegment(token, segment, string.Empty), // empty segment
            6 => token.Insert(pos, new string(c, n)),
            7 => string.Join('.', parts.Take(n % 3)), // fewer segments
            8 => token.Replace('-', '+').Replace('_', '/'), // standard base64
            9 => Jws.WithSegment(token, segment, parts[segment] + "A"), // 1 mod 4, or one more char
            10 => token.Remove(pos, Math.Min(n, token.Length - pos)),
            _ => new string('.', n) + token,
        };
    }

    private static string MutateJson(string json, int op, int at, string text)
    {
        var pos = at % json.Length;
        var quoted = JsonSerializer.Serialize(text);
        using var doc = JsonDocument.Parse(json);
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        var name = names[at % names.Length];
        var value = doc.RootElement.GetProperty(name).GetRawText();
        var member = $"\"{name}\":{value}";
        return op switch
        {
            0 => json.Replace(member, $"\"{name}\":{quoted}", StringComparison.Ordinal), // to a string
            1 => json.Replace(member, $"\"{name}\":{(at % 2 == 0 ? "1e308" : "-99999999999999999999999999")}", StringComparison.Ordinal), // huge numbers
            2 => json.Replace(member, $"\"{name}\":[{value}]", StringComparison.Ordinal), // wrapped in an array
            3 => json.Replace(member, $"\"{name}\":{{\"v\":{value}}}", StringComparison.Ordinal), // wrapped in an object
            4 => "{" + member + "," + json[1..], // duplicated
            5 => json.Replace(member + ",", string.Empty, StringComparison.Ordinal).Replace("," + member, string.Empty, StringComparison.Ordinal), // removed
            6 => json[..^1] + ",\"deep\":" + new string('[', at % 300) + new string(']', at % 300) + "}", // nesting
            7 => json[..^1] + "," + quoted + ":" + quoted + "}", // unicode member
            8 => json.Replace(member, $"\"{name}\":null", StringComparison.Ordinal),
            9 => json[..pos] + text + json[pos..], // raw insertion
            10 => json[..pos], // truncated JSON
            11 => json.Replace(member, $"\"{name}\":{(at % 3 == 0 ? "true" : at % 3 == 1 ? "1.5" : "-1")}", StringComparison.Ordinal),
            12 => "\uFEFF" + json,
            _ => json.Replace(member, $"\"{name}\":{value[..Math.Max(0, value.Length - 1)]}", StringComparison.Ordinal),
        };
    }

    private async Task AssertWellFormedAsync(Action<HttpRequestMessage> configure)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/system");
        configure(request);
        using var response = await _api.Client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(10));
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var code = JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
        Assert.True(code is not null && Codes.Contains(code), $"unknown code '{code}'");
    }
}
