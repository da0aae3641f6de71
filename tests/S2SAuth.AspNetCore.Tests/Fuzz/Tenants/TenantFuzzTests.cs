using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CsCheck;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Fuzz.Tenants;

/// <summary>
/// Property-based hostile tenant values (CsCheck) where <c>WithTenantFrom</c> reads them: the route, the query string and
/// a JSON body (values of every JSON type, duplicates, deep nesting, broken JSON, odd content types), sent with valid
/// tokens of tenant_789 through the in-process TestServer. Property: a success, a well-formed S2SAuth refusal (problem+json
/// with a code of <see cref="AuthErrorCodes"/>) or the framework's own 400/404/405/413/415 for a body or route it cannot
/// bind — never a 500, never an exception escaping, never a hang (10 s per request); a request that names another
/// tenant than the caller's is never answered 200. <c>S2SAUTH_FUZZ_SEED</c> / <c>S2SAUTH_FUZZ_ITER</c> as for the token fuzz.
/// </summary>
public sealed class TenantFuzzTests(RbacApiFixture fixture) : IClassFixture<RbacApiFixture>
{
    private static readonly HashSet<string> Codes = typeof(AuthErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

    private readonly RbacApi _api = fixture.Api;

    private static string? Seed => Environment.GetEnvironmentVariable("S2SAUTH_FUZZ_SEED") is { Length: > 0 } seed ? seed : null;

    private static long Iter => long.TryParse(Environment.GetEnvironmentVariable("S2SAUTH_FUZZ_ITER"), out var iter) && iter > 0 ? iter : 300;

    [Fact]
    public async Task Hostile_tenant_values_in_route_and_query_get_a_success_or_a_well_formed_refusal()
    {
        var (service, user) = Tokens();
        var gen = Gen.Select(Gen.Bool, Gen.String, Gen.Int[0, 6]);
        await gen.SampleAsync(async (route, text, op) =>
        {
            var tenant = Tenant(text, op);
            var path = route
                ? "/min/t/" + Uri.EscapeDataString(tenant) + "/user-scoped"
                : "/min/orders?tenant=" + Uri.EscapeDataString(tenant) + (op == 5 ? "&tenant=" + CallerTenant : string.Empty);
            var (response, _) = await _api.SendAsync(route ? HttpMethod.Post : HttpMethod.Get, path, service, user).WaitAsync(TimeSpan.FromSeconds(10));
            await AssertWellFormedAsync(response, tenant);
        }, seed: Seed, iter: Iter, threads: 1);
    }

    [Fact]
    public async Task Hostile_tenant_values_in_a_JSON_body_get_a_success_or_a_well_formed_refusal()
    {
        var (service, user) = Tokens();
        var gen = Gen.Select(Gen.String, Gen.Int[0, 11], Gen.Int[0, 3]);
        await gen.SampleAsync(async (text, op, contentType) =>
        {
            var body = Body(text, op);
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType switch
            {
                0 => "application/json",
                1 => "application/json; charset=utf-16",
                2 => "text/plain",
                _ => "application/problem+json",
            });
            var (response, _) = await _api.SendAsync(HttpMethod.Post, "/min/orders", service, user, content).WaitAsync(TimeSpan.FromSeconds(10));
            await AssertWellFormedAsync(response, op == 0 ? text : null);
        }, seed: Seed, iter: Iter, threads: 1);
    }

    private (string Service, string User) Tokens() =>
        (_api.ServiceToken([UserScopedActivity], CallerTenant), _api.UserToken([UserScopedActivity], CallerTenant));

    private static string Tenant(string text, int op) => op switch
    {
        0 => text,
        1 => CallerTenant + text,
        2 => CallerTenant.ToUpperInvariant(),
        3 => new string('t', 300 + text.Length),
        4 => CallerTenant + "\r\nX-Injected: 1",
        5 => text, // plus a second query value
        _ => "\u0001" + text + "\u202e", // (a NUL in a path is refused by the host before any middleware)
    };

    private static string Body(string text, int op)
    {
        var quoted = JsonSerializer.Serialize(text);
        return op switch
        {
            0 => "{\"tenantId\":" + quoted + ",\"orderId\":\"o1\",\"quantity\":1}",
            1 => "{\"tenantId\":\"" + CallerTenant + "\",\"tenantId\":" + quoted + "}", // duplicate member
            2 => "{\"tenantId\":" + (text.Length % 5) + "}", // a number
            3 => "{\"tenantId\":[\"" + CallerTenant + "\"]}", // an array
            4 => "{\"tenantId\":{\"id\":\"" + CallerTenant + "\"}}", // an object
            5 => "{\"tenantId\":null}",
            6 => string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200), // deep nesting
            7 => "{\"tenantId\":" + quoted, // truncated
            8 => text, // anything
            9 => "[" + quoted + "]",
            10 => "{\"TENANTID\":\"" + CallerTenant + "\",\"tenantid\":" + quoted + "}", // other spellings of the name
            _ => "{\"tenantId\":\"" + CallerTenant + "\",\"padding\":\"" + new string('p', 2_000 + text.Length) + "\"}",
        };
    }

    private static async Task AssertWellFormedAsync(HttpResponseMessage response, string? requestedTenant)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{status}: {body}");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.True(requestedTenant is null || requestedTenant.Length == 0 || requestedTenant == CallerTenant, $"200 for tenant '{requestedTenant}'");
            return;
        }

        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json" && body.Contains("\"code\"", StringComparison.Ordinal))
        {
            var code = JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
            Assert.True(code is not null && Codes.Contains(code), $"unknown code '{code}'");
            Assert.True(status is 400 or 401 or 403 or 413 or 415, $"{status} with code {code}");
        }
        else
        {
            Assert.True(status is 400 or 404 or 405 or 413 or 415, $"{status} without an S2SAuth problem: {body}");
        }
    }
}
