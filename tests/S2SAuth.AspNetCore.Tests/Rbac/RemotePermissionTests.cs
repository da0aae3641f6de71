using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.Rbac.Framework;
using S2SAuth.Rbac;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Rbac;

/// <summary>The HTTP permission source against a real RBAC service on loopback.</summary>
public sealed class RemotePermissionTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private const string Path = "/min/t/tenant_789/user-scoped";
    private readonly IssuerFixture _fixture;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private RbacServer _rbac = null!;
    private RbacApi _api = null!;

    public RemotePermissionTests(IssuerFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync()
    {
        _rbac = await RbacServer.StartAsync();
        _api = await StartApiAsync(_ => { });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _rbac.DisposeAsync();
    }

    private Task<RbacApi> StartApiAsync(Action<RemotePermissionOptions> configure) =>
        RbacApi.StartAsync(_fixture.Issuer, services: s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            s.AddRemotePermissions(o =>
            {
                o.Endpoint = _rbac.CheckUri;
                o.CacheDuration = TimeSpan.FromSeconds(30);
                o.Timeout = TimeSpan.FromSeconds(5);
                configure(o);
            });
        });

    private Task<(HttpResponseMessage Response, string CorrelationId)> SendAsync(RbacApi api, string userId = UserId, string path = Path) =>
        api.PostAsync(path, api.ServiceToken([UserScopedActivity]), api.UserToken([], userId: userId));

    [Fact]
    public async Task Remote_grant_allows_and_repeated_requests_are_answered_from_the_cache()
    {
        _rbac.Grant(UserId, CallerTenant, UserScopedActivity);

        for (var i = 0; i < 3; i++)
        {
            await DecisionAssert.AllowedAsync(_api, await SendAsync(_api));
        }

        Assert.Equal(1, _rbac.Calls);
        Assert.Equal(new RbacServer.CheckRequest(UserId, CallerTenant, UserScopedActivity), Assert.Single(_rbac.Requests));
    }

    [Fact]
    public async Task Cached_answer_is_asked_again_once_the_cache_duration_has_passed()
    {
        _rbac.Grant(UserId, CallerTenant, UserScopedActivity);
        await DecisionAssert.AllowedAsync(_api, await SendAsync(_api));

        _time.Advance(TimeSpan.FromSeconds(29));
        await DecisionAssert.AllowedAsync(_api, await SendAsync(_api));
        Assert.Equal(1, _rbac.Calls);

        _time.Advance(TimeSpan.FromSeconds(2));
        await DecisionAssert.AllowedAsync(_api, await SendAsync(_api));
        Assert.Equal(2, _rbac.Calls);
    }

    [Fact]
    public async Task Remote_denial_is_refused_with_permission_denied_and_cached_too()
    {
        await DecisionAssert.DeniedAsync(_api, await SendAsync(_api), HttpStatusCode.Forbidden, AuthErrorCodes.PermissionDenied);
        await DecisionAssert.DeniedAsync(_api, await SendAsync(_api), HttpStatusCode.Forbidden, AuthErrorCodes.PermissionDenied);

        Assert.Equal(1, _rbac.Calls);
    }

    [Fact]
    public async Task Each_user_is_asked_about_separately()
    {
        _rbac.Grant("user_a", CallerTenant, UserScopedActivity);

        await DecisionAssert.AllowedAsync(_api, await SendAsync(_api, "user_a"));
        await DecisionAssert.DeniedAsync(_api, await SendAsync(_api, "user_b"), HttpStatusCode.Forbidden, AuthErrorCodes.PermissionDenied);

        Assert.Equal(2, _rbac.Calls);
    }

    [Fact]
    public async Task Permission_in_the_token_does_not_call_the_rbac_service()
    {
        var sent = await _api.PostAsync(Path, _api.ServiceToken([UserScopedActivity]), _api.UserToken([UserScopedActivity]));

        await DecisionAssert.AllowedAsync(_api, sent);
        Assert.Equal(0, _rbac.Calls);
    }

    [Fact]
    public async Task Rbac_service_answering_503_is_refused_with_permission_source_unavailable_and_not_cached()
    {
        _rbac.Grant(UserId, CallerTenant, UserScopedActivity);
        _rbac.IsAvailable = false;

        var first = await SendAsync(_api);
        var second = await SendAsync(_api);

        await DecisionAssert.DeniedAsync(_api, first, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.PermissionSourceUnavailable);
        await DecisionAssert.DeniedAsync(_api, second, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.PermissionSourceUnavailable);
        Assert.NotNull(first.Response.Headers.RetryAfter);
        Assert.Equal(2, _rbac.Calls);

        _rbac.IsAvailable = true;
        await DecisionAssert.AllowedAsync(_api, await SendAsync(_api));
    }

    [Fact]
    public async Task Rbac_service_that_is_not_running_is_refused_with_permission_source_unavailable()
    {
        await _rbac.StopAsync();

        var sent = await SendAsync(_api);

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.PermissionSourceUnavailable);
        Assert.Contains(_api.Api.Logs.Entries, e => e.EventId.Id == 3102);
    }

    [Fact]
    public async Task Rbac_service_answering_garbage_is_refused_with_permission_source_unavailable()
    {
        _rbac.AnswersGarbage = true;

        var sent = await SendAsync(_api);

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.PermissionSourceUnavailable);
    }

    [Fact]
    public async Task Rbac_service_slower_than_the_timeout_is_refused_with_permission_source_unavailable_in_bounded_time()
    {
        await using var api = await StartApiAsync(o => o.Timeout = TimeSpan.FromMilliseconds(300));
        _rbac.ResponseDelay = TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();

        var sent = await SendAsync(api);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        await DecisionAssert.DeniedAsync(api, sent, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.PermissionSourceUnavailable);
    }

    [Fact]
    public async Task Concurrent_identical_questions_make_one_call()
    {
        _rbac.Grant(UserId, CallerTenant, UserScopedActivity);
        _rbac.ResponseDelay = TimeSpan.FromMilliseconds(300);
        var serviceToken = _api.ServiceToken([UserScopedActivity]);
        var userToken = _api.UserToken([]);

        var all = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _api.PostAsync(Path, serviceToken, userToken)));

        Assert.All(all, sent => Assert.Equal(HttpStatusCode.OK, sent.Response.StatusCode));
        Assert.Equal(1, _rbac.Calls);
        Assert.Equal(50, all.Select(sent => _api.Audit.Single(sent.CorrelationId)).Count(e => e.Outcome == AuditOutcome.Allowed));
    }

    [Fact]
    public async Task Cache_never_holds_more_answers_than_its_size()
    {
        await using var api = await StartApiAsync(o => o.CacheSize = 3);
        var source = api.Services.GetRequiredService<HttpPermissionSource>();

        for (var i = 0; i < 10; i++)
        {
            _rbac.Grant("user_" + i, CallerTenant, UserScopedActivity);
            await DecisionAssert.AllowedAsync(api, await SendAsync(api, "user_" + i));
        }

        Assert.Equal(3, source.CachedAnswers);
        await DecisionAssert.AllowedAsync(api, await SendAsync(api, "user_9"));
        Assert.Equal(11, _rbac.Calls);
    }
}
