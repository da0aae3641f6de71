using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Keys;

/// <summary>
/// The discovery document's <c>jwks_uri</c> is held to the authority's rules: same origin (scheme, host, port) as the
/// Authority or the configured MetadataAddress, or an origin listed in <c>AllowedJwksOrigins</c>; anything else is a
/// failed fetch, and nothing is asked of the other host.
/// </summary>
public sealed class JwksOriginTests : IAsyncLifetime
{
    private TestIssuer _issuer = null!;
    private TestIssuer _elsewhere = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _elsewhere = await TestIssuer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _issuer.DisposeAsync();
        await _elsewhere.DisposeAsync();
    }

    [Fact]
    public async Task Discovery_naming_a_jwks_uri_on_another_port_is_a_failed_fetch_and_that_listener_is_never_asked()
    {
        _issuer.PublishedJwksUri = _elsewhere.Authority + "/.well-known/jwks.json";
        await using var api = await TestApi.StartAsync(_issuer);

        var response = await api.GetAsync("/system", api.ServiceToken().SignWith(_elsewhere.CurrentKey).Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Equal(1, _issuer.MetadataRequestCount);
        Assert.Equal(0, _elsewhere.JwksRequestCount + _elsewhere.MetadataRequestCount + _elsewhere.RefusedRequestCount);
        var refusal = Assert.Single(api.Logs.Entries, e => e.EventId.Id == 1014);
        Assert.Equal(new Uri(_elsewhere.Authority).GetLeftPart(UriPartial.Authority), refusal.Values["JwksOrigin"]);
        Assert.Contains(api.Logs.Entries, e => e.EventId.Id == 1002 && e.Values["Reason"] == "jwks_uri_not_allowed");
    }

    [Fact]
    public async Task Discovery_naming_a_jwks_uri_on_another_host_name_for_the_same_port_is_refused()
    {
        var port = new Uri(_issuer.Authority).Port;
        _issuer.PublishedJwksUri = $"http://localhost:{port}/.well-known/jwks.json";
        await using var api = await TestApi.StartAsync(_issuer);

        var response = await api.GetAsync("/system", api.ServiceToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Equal(0, _issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Discovery_naming_a_relative_jwks_uri_is_a_failed_fetch()
    {
        _issuer.PublishedJwksUri = "/.well-known/jwks.json";
        await using var api = await TestApi.StartAsync(_issuer);

        var response = await api.GetAsync("/system", api.ServiceToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Equal(0, _issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Jwks_uri_on_an_origin_listed_in_AllowedJwksOrigins_is_fetched()
    {
        _issuer.PublishedJwksUri = _elsewhere.Authority + "/.well-known/jwks.json";
        await using var api = await TestApi.StartAsync(_issuer, o => o.AllowedJwksOrigins.Add(_elsewhere.Authority));

        var response = await api.GetAsync("/system", api.ServiceToken().SignWith(_elsewhere.CurrentKey).Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _elsewhere.JwksRequestCount);
    }

    [Fact]
    public async Task Jwks_uri_moved_to_a_disallowed_origin_on_a_refresh_keeps_the_last_good_keys()
    {
        await using var env = await FakeClockApi.StartAsync();
        await using var elsewhere = await TestIssuer.StartAsync();
        var foreignKey = elsewhere.RotateKey();
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.PublishedJwksUri = elsewhere.Authority + "/.well-known/jwks.json";
        env.Time.Advance(TimeSpan.FromSeconds(30));

        await ProblemAssert.IsProblemAsync(await env.CallAsync(foreignKey), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);

        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        Assert.Equal(0, elsewhere.JwksRequestCount);
        Assert.Contains(env.Api.Logs.Entries, e => e.EventId.Id == 1002 && e.Values["Reason"] == "jwks_uri_not_allowed");
    }

    [Fact]
    public async Task Explicit_JwksUri_on_another_origin_is_the_operators_choice()
    {
        await using var api = await TestApi.StartAsync(_issuer, o => o.JwksUri = _elsewhere.Authority + "/.well-known/jwks.json");

        var response = await api.GetAsync("/system", api.ServiceToken().SignWith(_elsewhere.CurrentKey).Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, _issuer.MetadataRequestCount);
        Assert.Equal(1, _elsewhere.JwksRequestCount);
    }
}
