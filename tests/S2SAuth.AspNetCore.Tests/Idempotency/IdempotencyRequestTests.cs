using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using S2SAuth.Idempotency;

namespace S2SAuth.AspNetCore.Tests.Idempotency;

/// <summary>How a request is read: the key header (bare or a structured-field string) and the request fingerprint.</summary>
public sealed class IdempotencyRequestTests
{
    [Theory]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData(" order:42.confirm_1 ", "order:42.confirm_1")]
    public void A_valid_key_is_read_bare_or_quoted(string header, string key)
    {
        Assert.Equal(IdempotencyRequest.KeyState.Valid, IdempotencyRequest.ReadKey(header, out var read));
        Assert.Equal(key, read);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"\"")]
    [InlineData("\"a\\\"b\"")]
    [InlineData("a,b")]
    public void An_empty_or_escaped_or_listed_key_is_invalid(string header) =>
        Assert.Equal(IdempotencyRequest.KeyState.Invalid, IdempotencyRequest.ReadKey(header, out _));

    [Fact]
    public void No_header_is_missing_and_two_are_invalid()
    {
        Assert.Equal(IdempotencyRequest.KeyState.Missing, IdempotencyRequest.ReadKey(StringValues.Empty, out _));
        Assert.Equal(IdempotencyRequest.KeyState.Invalid, IdempotencyRequest.ReadKey(new StringValues(["a", "a"]), out _));
    }

    [Theory]
    [InlineData("POST", "/orders/1", "", "{}")]
    [InlineData("PUT", "/orders/1", "", "{}")]
    [InlineData("POST", "/orders/2", "", "{}")]
    [InlineData("POST", "/orders/1", "?x=1", "{}")]
    [InlineData("POST", "/orders/1", "", "{ }")]
    public async Task The_fingerprint_changes_with_method_path_query_and_body_and_the_body_stays_readable(string method, string path, string query, string body)
    {
        var reference = await FingerprintAsync("POST", "/orders/1", "", "{}");
        var (fingerprint, rest) = await FingerprintAndBodyAsync(method, path, query, body);

        Assert.Equal(body, rest);
        Assert.Equal(method == "POST" && path == "/orders/1" && query == "" && body == "{}", reference.AsSpan().SequenceEqual(fingerprint));
    }

    private static async Task<byte[]> FingerprintAsync(string method, string path, string query, string body) =>
        (await FingerprintAndBodyAsync(method, path, query, body)).Fingerprint;

    private static async Task<(byte[] Fingerprint, string Body)> FingerprintAndBodyAsync(string method, string path, string query, string body)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        http.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));
        var fingerprint = await IdempotencyRequest.FingerprintAsync(http.Request, default);
        using var reader = new StreamReader(http.Request.Body);
        return (fingerprint, await reader.ReadToEndAsync());
    }
}
