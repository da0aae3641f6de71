using System.Net;
using System.Text.Json.Nodes;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Spiffe;

/// <summary>The strict pre-check (Verification/StrictJws) on the JWT-SVID path: same refusals as for the issuer's tokens.</summary>
public sealed class StrictSvidTests : IAsyncLifetime
{
    private readonly SvidKey _prodKey = SvidKey.EcP256("prod-1");
    private SvidEnvironment _env = null!;

    public async Task InitializeAsync() =>
        _env = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, _prodKey), SvidEnvironment.Bundle(7, SvidKey.EcP256("staging-1")));

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Resigned_svid_is_accepted()
    {
        var token = _env.Svid(_prodKey).Build();

        Assert.Equal(HttpStatusCode.OK, (await _env.ConfirmAsync(Resign(token, Jws.Decode(token, 1)))).StatusCode);
    }

    [Fact]
    public async Task Svid_with_a_string_exp_is_refused_token_malformed()
    {
        var token = _env.Svid(_prodKey).Build();
        var payload = JsonNode.Parse(Jws.Decode(token, 1))!.AsObject();
        payload["exp"] = payload["exp"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await _env.ConfirmAsync(Resign(token, payload.ToJsonString()));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenMalformed);
        Assert.Contains("'exp'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Svid_with_a_duplicated_sub_is_refused_token_malformed()
    {
        var token = _env.Svid(_prodKey).Build();
        var payload = "{\"sub\":\"spiffe://prod.example.org/ns/shop/sa/billing-service\"," + Jws.Decode(token, 1)[1..];

        var response = await _env.ConfirmAsync(Resign(token, payload));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenMalformed);
    }

    private string Resign(string token, string payload) =>
        SignedJws.Sign(_prodKey.SecurityKey, _prodKey.Algorithm, Jws.Encode(Jws.Decode(token, 0)), Jws.Encode(payload));
}
