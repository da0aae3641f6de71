using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Introspection;

/// <summary>
/// An active introspection answer whose RFC 7662 members have the wrong JSON types (<c>active</c> as the string "true",
/// <c>exp</c> as a string, <c>scope</c> as an array...) is not an answer: the live check and a reference token are
/// refused 503 <c>introspection_unavailable</c>, never let through.
/// </summary>
public sealed class IntrospectionAnswerTypeTests : IAsyncLifetime
{
    private TestIssuer _issuer = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _issuer.AddClient(LiveCheckTests.ClientId, LiveCheckTests.ClientSecret);
        _api = await LiveCheckTests.StartApiAsync(_issuer, o => o.AcceptReferenceTokens = true);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    public static TheoryData<string, object> WrongTypes => new()
    {
        { "active", "true" },
        { "active", 1 },
        { "exp", "4102444800" },
        { "exp", 1.5e300 },
        { "scope", new[] { "order.confirm", "order.read" } },
        { "scope", 42 },
        { "client_id", new { id = "orders-service" } },
        { "token_type", false },
        { "iat", "1700000000" },
        { "nbf", new[] { 1 } },
        { "iss", 7 },
        { "jti", new[] { "a" } },
        { "aud", new[] { (object)TestApi.Audience, 3 } },
    };

    /// <summary>An active, RFC 7662-shaped answer for <paramref name="jwt"/>'s payload with <paramref name="member"/> replaced.</summary>
    private static Dictionary<string, object?> Answer(string jwt, string member, object value)
    {
        var payload = Jwt.Payload(jwt);
        var answer = new Dictionary<string, object?>
        {
            ["active"] = true,
            ["iss"] = payload.GetProperty("iss").GetString(),
            ["sub"] = payload.GetProperty("sub").GetString(),
            ["aud"] = TestApi.Audience,
            ["jti"] = payload.GetProperty("jti").GetString(),
            ["exp"] = payload.GetProperty("exp").GetInt64(),
            ["iat"] = payload.GetProperty("iat").GetInt64(),
            ["type"] = "service",
            ["scope"] = "order.confirm",
            ["client_id"] = "orders-service",
            ["token_type"] = "Bearer",
        };
        answer[member] = value;
        return answer;
    }

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_live_check_answer_with_a_member_of_the_wrong_type_is_refused_503(string member, object value)
    {
        var token = _api.ServiceToken("orders-service", "payment.capture").Build();
        _issuer.IntrospectionResponder = _ => Answer(token, member, value);

        var response = await _api.GetAsync("/live", token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IntrospectionUnavailable);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1402); // invalid_answer (error_FormatException when the JSON reader itself gives up)
        Assert.DoesNotContain(token, _api.Logs.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_reference_token_answer_with_a_member_of_the_wrong_type_is_refused_503(string member, object value)
    {
        var jwt = _api.ServiceToken("orders-service", "order.confirm").Build();
        _issuer.IntrospectionResponder = _ => Answer(jwt, member, value);

        var response = await _api.GetAsync("/system", "opaque-reference-token-" + member);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IntrospectionUnavailable);
    }

    [Fact]
    public async Task The_same_answer_with_the_right_types_is_accepted()
    {
        var jwt = _api.ServiceToken("orders-service", "payment.capture").Build();
        _issuer.IntrospectionResponder = _ => Answer(jwt, "scope", "payment.capture");

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/live", jwt)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/system", "opaque-reference-token-ok")).StatusCode);
    }
}
