using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Verification;

public sealed class ValidTokenTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private readonly IssuerFixture _fixture;
    private TestApi _api = null!;

    public ValidTokenTests(IssuerFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(_fixture.Issuer);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Service_and_user_tokens_build_the_typed_context()
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken("orders-service", "order.confirm", "pricing.resolve").Build(), _api.UserToken().Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("orders-service", body.GetProperty("service").GetString());
        Assert.Equal("user_123", body.GetProperty("user").GetString());
        Assert.Equal("tenant_789", body.GetProperty("tenant").GetString());
        Assert.Equal(["order.confirm", "pricing.resolve"], body.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task User_token_is_accepted_from_X_User_Token()
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), configure: r => r.Headers.Add("X-User-Token", _api.UserToken().Build()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Public_endpoint_needs_no_token()
    {
        var response = await _api.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Service_only_endpoint_takes_a_service_token_alone()
    {
        var response = await _api.GetAsync("/system", _api.ServiceToken("billing-worker").Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("billing-worker", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task User_identity_is_mirrored_into_HttpContext_User()
    {
        var response = await _api.GetAsync("/gateway", userToken: _api.UserToken("user_42").Build());

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("user_42", body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Correlation_id_is_taken_from_the_request_and_echoed()
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), _api.UserToken().Build(), r => r.Headers.Add("X-Correlation-Id", "flow-42"));

        Assert.Equal("flow-42", response.Headers.GetValues("X-Correlation-Id").Single());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("flow-42", body.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task Correlation_id_is_created_when_absent_or_unsafe()
    {
        var response = await _api.GetAsync("/health", configure: r => r.Headers.TryAddWithoutValidation("X-Correlation-Id", "bad id\twith spaces"));

        var echoed = response.Headers.GetValues("X-Correlation-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", echoed);
    }

    [Fact]
    public async Task Missing_tokens_are_401_service_token_missing()
    {
        var response = await _api.GetAsync("/whoami");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ServiceTokenMissing);
    }

    [Fact]
    public async Task User_endpoint_without_any_token_is_401_user_token_missing_with_a_detail_saying_what_to_send()
    {
        var response = await _api.GetAsync("/gateway");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.UserTokenMissing);
        Assert.Contains("user's token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
