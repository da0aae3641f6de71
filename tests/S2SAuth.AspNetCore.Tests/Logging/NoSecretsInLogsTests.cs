using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Logging;

/// <summary>
/// SPEC "Secrets and logs": with every logger at Trace (scopes, structured values and exceptions captured), no token,
/// no segment of a token and no client secret appears in any log line or response, whatever the outcome.
/// </summary>
public sealed class NoSecretsInLogsTests
{
    private const string ClientSecret = "client-secret-that-must-never-be-logged";
    private readonly List<string> _secrets = [ClientSecret];
    private readonly List<string> _responses = [];

    [Fact]
    public async Task No_token_segment_or_secret_appears_in_any_log_line_or_response()
    {
        await using var issuer = await TestIssuer.StartAsync();
        await using var api = await TestApi.StartAsync(issuer, o =>
        {
            o.ClientId = "pricing-service";
            o.ClientSecret = ClientSecret;
        });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var valid = api.ServiceToken().Build();
        var user = api.UserToken().Build();

        await SendAsync(api, "/whoami", HttpStatusCode.OK, valid, user);
        await SendAsync(api, "/whoami", HttpStatusCode.OK, valid, configure: r => r.Headers.Add("X-User-Token", Secret(user)));
        await SendAsync(api, "/system", HttpStatusCode.OK, valid);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().Header("alg", "none").Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().SignWith(new SymmetricSecurityKey(issuer.CurrentKey.PublicKeyBytes()), "HS256").Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().Header("kid", "unknown").Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().Header("jku", "http://127.0.0.1:1/jwks").SignWith(new RsaSecurityKey(RSA.Create(2048)), "RS256").Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().Header("crit", new[] { "exp" }).Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().Header("typ", "dpop+jwt").Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().Claim("iat", now - 900).Claim("exp", now - 600).Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().Claim("nbf", now + 600).Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().Without("jti").Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().Claim("iss", "https://evil.example").Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().Audience("billing-service").Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().Claim("exp", now + 86_400).Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, user, user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, valid, valid);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, valid, api.UserToken().Claim("iat", now - 900).Claim("exp", now - 600).Build());
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, Jws.WithPayload(valid, Jws.Decode(valid, 1).Replace("orders", "admin", StringComparison.Ordinal)), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, "garbage-that-looks-like-a-secret-value", user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, valid[..(valid.Length / 2)], user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, valid + ".Zm9vYmFyYmF6cXV4.Zm9vYmFyYmF6cXV4", user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, Jws.WithHeader(valid, "this is not json at all"), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, api.ServiceToken().Claim("padding", new string('q', 20_000)).Build(), user);
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, valid, configure: r =>
            r.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + Secret(user), "Bearer " + Secret(api.UserToken("user_2").Build())]));
        await SendAsync(api, "/whoami", HttpStatusCode.Unauthorized, configure: r => r.Headers.TryAddWithoutValidation("X-Service-Token", [Secret(valid), Secret(api.ServiceToken("svc-2").Build())]));

        await using var outage = await FakeClockApi.StartAsync();
        var beforeOutage = outage.Api.ServiceToken().Build();
        await SendAsync(outage.Api, "/whoami", HttpStatusCode.OK, beforeOutage, outage.Api.UserToken().Build());
        outage.Issuer.IsAvailable = false;
        outage.Time.Advance(TimeSpan.FromMinutes(10));
        await SendAsync(outage.Api, "/whoami", HttpStatusCode.OK, outage.Api.ServiceToken().Build(), outage.Api.UserToken().Build());
        await Eventually.TrueAsync(() => outage.Api.Logs.Entries.Any(e => e.EventId.Id == 1002), "the failed refresh to be logged");
        await SendAsync(outage.Api, "/whoami", HttpStatusCode.Unauthorized, outage.Api.ServiceToken().Header("kid", "rotated-while-down").Build(), outage.Api.UserToken().Build());

        await using var cold = await FakeClockApi.StartAsync(issuerAvailable: false);
        await SendAsync(cold.Api, "/whoami", HttpStatusCode.ServiceUnavailable, cold.Api.ServiceToken().Build(), cold.Api.UserToken().Build());

        var logs = string.Join('\n', api.Logs.AllText(), outage.Api.Logs.AllText(), cold.Api.Logs.AllText());
        Assert.True(api.Logs.Entries.Count(e => e.EventId.Id == 1101) >= 20, "every rejection should have been logged (the capture works)");
        Assert.Contains(outage.Api.Logs.Entries, e => e.EventId.Id == 1002);
        Assert.Contains(cold.Api.Logs.Entries, e => e.EventId.Id == 1201 && e.Message.Contains(AuthErrorCodes.SigningKeysUnavailable, StringComparison.Ordinal));
        Assert.Contains(api.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Trace);
        var fragments = Fragments().ToList();
        Assert.True(fragments.Count > 50, $"expected many fragments to look for, got {fragments.Count}");
        foreach (var fragment in fragments)
        {
            Assert.False(logs.Contains(fragment, StringComparison.Ordinal), $"A log line contains a token fragment: {fragment[..Math.Min(12, fragment.Length)]}...");
            Assert.All(_responses, body => Assert.False(body.Contains(fragment, StringComparison.Ordinal), "A response contains a token fragment."));
        }
    }

    private string Secret(string value)
    {
        _secrets.Add(value);
        return value;
    }

    /// <summary>Every secret whole, and each of its dot-separated segments long enough to be unmistakable.</summary>
    private IEnumerable<string> Fragments() =>
        _secrets.Concat(_secrets.SelectMany(s => s.Split('.')))
            .Where(f => f.Length >= 16)
            .Distinct(StringComparer.Ordinal);

    private async Task SendAsync(TestApi api, string path, HttpStatusCode expected, string? serviceToken = null, string? userToken = null, Action<HttpRequestMessage>? configure = null)
    {
        if (serviceToken is not null)
        {
            Secret(serviceToken);
        }

        if (userToken is not null)
        {
            Secret(userToken);
        }

        var response = await api.GetAsync(path, serviceToken, userToken, configure);
        _responses.Add(response + "\n" + await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, response.StatusCode);
    }
}
