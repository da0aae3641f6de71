using System.Collections;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Authentication.Framework;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.Caching;
using S2SAuth.Testing;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Authentication;

/// <summary>
/// <see cref="ITokenCheck"/>, the public per-request check (the seam revocation plugs into): it runs on every request,
/// cache hit or not, its refusal is answered, logged and audited like any authentication failure with its own code,
/// and it never sees the token's text.
/// </summary>
public sealed class TokenCheckTests : IAsyncLifetime
{
    private const string Path = "/min/t/" + CallerTenant + "/user-scoped";

    private readonly RevocationList _revocations = new();
    private TestIssuer _issuer = null!;
    private RbacApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _api = await RbacApi.StartAsync(_issuer, services: s => s.AddSingleton(_revocations).AddServiceAuth(_ => { }).AddTokenCheck<RevocationList>());
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    private bool Cached(string token) => _api.Services.GetRequiredService<VerifiedTokenCache>().Entries.Any(e => e.Token == token);

    [Fact]
    public async Task Public_token_check_refuses_a_cached_token_with_its_own_code_and_the_refusal_is_audited_and_logged()
    {
        var (service, user) = (_api.ServiceToken([UserScopedActivity]), _api.UserToken([UserScopedActivity]));
        await DecisionAssert.AllowedAsync(_api, await _api.PostAsync(Path, service, user));
        Assert.True(Cached(service) && Cached(user));
        var userToken = Assert.Single(_revocations.Seen, t => t.Kind == TokenKind.User);

        _revocations.Revoke(userToken.TokenId);
        var sent = await _api.PostAsync(Path, service, user);

        var audit = await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Unauthorized, RevocationList.Code);
        Assert.Equal(UserScopedActivity, audit.Activity);
        var problem = await DetailOf(sent.Response);
        Assert.Equal(RevocationList.Detail, problem);
        Assert.Contains(sent.Response.Headers.WwwAuthenticate, h => h.Parameter!.Contains($"error_description=\"{RevocationList.Code}\"", StringComparison.Ordinal));
        Assert.True(Cached(user), "the refusal came on a cache hit, and the check's answer is not cached");
        Assert.Equal(2, _revocations.Seen.Count(t => t.Kind == TokenKind.User));

        var logs = _api.Api.Logs.Entries.Where(e => e.Values.GetValueOrDefault("CorrelationId") == sent.CorrelationId).ToList();
        Assert.Contains(logs, e => e.EventId.Id == 1101 && e.Values["TokenKind"] == "User" && e.Values["ErrorCode"] == RevocationList.Code);
        Assert.Contains(logs, e => e.EventId.Id == 1201 && e.Values["StatusCode"] == "401" && e.Values["ErrorCode"] == RevocationList.Code);
    }

    [Fact]
    public async Task Public_token_check_sees_the_verified_claims_and_nothing_of_the_token_text()
    {
        var (service, user) = (_api.ServiceToken([UserScopedActivity]), _api.UserToken([UserScopedActivity]));
        await DecisionAssert.AllowedAsync(_api, await _api.PostAsync(Path, service, user));

        var seenService = Assert.Single(_revocations.Seen, t => t.Kind == TokenKind.Service);
        var seenUser = Assert.Single(_revocations.Seen, t => t.Kind == TokenKind.User);
        Assert.Equal((ServiceId, ServiceId), (seenService.Subject, seenService.Service!.ServiceId));
        Assert.Equal((UserId, UserId), (seenUser.Subject, seenUser.User!.UserId));
        Assert.Null(seenService.User);
        Assert.Null(seenUser.Service);
        Assert.Equal(_issuer.Issuer, seenUser.Issuer);
        Assert.Equal(seenUser.User.TokenId, seenUser.TokenId);
        Assert.Equal(seenUser.User.ExpiresAt, seenUser.ExpiresAt);
        Assert.True(seenUser.IssuedAt < seenUser.ExpiresAt);

        var text = new List<string>();
        foreach (var seen in _revocations.Seen)
        {
            Collect(seen, text, depth: 0);
        }

        Assert.NotEmpty(text);
        foreach (var token in new[] { service, user })
        {
            foreach (var segment in token.Split('.'))
            {
                Assert.DoesNotContain(text, value => value.Contains(segment, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task Token_check_that_cannot_answer_refuses_with_503_token_check_unavailable_not_a_500()
    {
        var (service, user) = (_api.ServiceToken([UserScopedActivity]), _api.UserToken([UserScopedActivity]));
        await DecisionAssert.AllowedAsync(_api, await _api.PostAsync(Path, service, user));

        _revocations.Down = true;
        var sent = await _api.PostAsync(Path, service, user);

        await ProblemAssert.IsProblemAsync(sent.Response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.TokenCheckUnavailable);
        Assert.NotNull(sent.Response.Headers.RetryAfter);
        var failed = Assert.Single(_api.Api.Logs.Entries, e => e.EventId.Id == 1103);
        Assert.Equal((nameof(RevocationList), nameof(InvalidOperationException)), (failed.Values["Check"], failed.Values["ExceptionType"]));
        Assert.DoesNotContain(_api.Api.Logs.Entries, e => e.ToString().Contains(user, StringComparison.Ordinal) || e.ToString().Contains(service, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Token_Revoked")]
    [InlineData("revoked\", error=\"x")]
    [InlineData("revoked\r\nX-Injected: 1")]
    public void Token_check_refusal_with_a_code_that_is_not_a_stable_code_is_refused(string code)
    {
        Assert.Throws<ArgumentException>(() => TokenCheckResult.Refuse(code));
    }

    private static async Task<string?> DetailOf(HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();

    /// <summary>Every string reachable from <paramref name="value"/> through public properties and collections.</summary>
    private static void Collect(object? value, List<string> into, int depth)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                into.Add(text);
                return;
            case IEnumerable items:
                foreach (var item in items)
                {
                    Collect(item, into, depth + 1);
                }

                return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is DateTimeOffset || depth > 3)
        {
            return;
        }

        foreach (var property in type.GetProperties())
        {
            if (property.GetIndexParameters().Length == 0)
            {
                Collect(property.GetValue(value), into, depth + 1);
            }
        }
    }
}
