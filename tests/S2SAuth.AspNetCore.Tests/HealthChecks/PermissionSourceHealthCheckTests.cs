using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.Rbac.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.HealthChecks;

/// <summary>
/// <c>s2sauth-permission-source</c> against a real RBAC service on loopback that goes down and up: it reports what the
/// calls saw, and a probe never calls the source.
/// </summary>
public sealed class PermissionSourceHealthCheckTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private const string Name = "s2sauth-permission-source";
    private const string Path = "/min/t/tenant_789/user-scoped";
    private readonly IssuerFixture _fixture;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private RbacServer _rbac = null!;
    private RbacApi _api = null!;

    public PermissionSourceHealthCheckTests(IssuerFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync()
    {
        _rbac = await RbacServer.StartAsync();
        _api = await RbacApi.StartAsync(_fixture.Issuer, services: s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            s.AddHealthChecks().AddServiceAuthChecks();
            s.AddRemotePermissions(o =>
            {
                o.Endpoint = _rbac.CheckUri;
                o.CacheDuration = TimeSpan.FromSeconds(30);
                o.Timeout = TimeSpan.FromSeconds(5);
            });
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _rbac.DisposeAsync();
    }

    private Task<(HttpResponseMessage Response, string CorrelationId)> SendAsync(string userId = UserId) =>
        _api.PostAsync(Path, _api.ServiceToken([UserScopedActivity]), _api.UserToken([], userId: userId));

    private async Task<HealthReportEntry> ProbeAsync()
    {
        var report = await _api.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == Name);
        return report.Entries[Name];
    }

    [Fact]
    public async Task Registered_with_the_s2sauth_and_ready_tags_when_remote_permissions_are_configured()
    {
        var entry = await ProbeAsync();

        Assert.Equal(["ready", "s2sauth"], entry.Tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Healthy_before_any_call_says_so_and_probes_never_call_the_source()
    {
        for (var i = 0; i < 5; i++)
        {
            var entry = await ProbeAsync();
            Assert.Equal(HealthStatus.Healthy, entry.Status);
            Assert.Contains("No call", entry.Description, StringComparison.Ordinal);
        }

        Assert.Equal(0, _rbac.Calls);
    }

    [Fact]
    public async Task Healthy_then_degraded_while_cached_answers_are_served_then_unhealthy_then_healthy_again()
    {
        _rbac.Grant(UserId, CallerTenant, UserScopedActivity);
        await DecisionAssert.AllowedAsync(_api, await SendAsync());
        var healthy = await ProbeAsync();
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Contains("succeeded", healthy.Description, StringComparison.Ordinal);

        _rbac.IsAvailable = false;
        await DecisionAssert.DeniedAsync(_api, await SendAsync("user_456"), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.PermissionSourceUnavailable);
        var calls = _rbac.Calls;

        var degraded = await ProbeAsync();
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal("http_503", degraded.Data["last_error"]);
        Assert.Equal(1, degraded.Data["consecutive_failures"]);
        await DecisionAssert.AllowedAsync(_api, await SendAsync()); // the cached answer is still served

        _time.Advance(TimeSpan.FromSeconds(31)); // the cached answer expired: nothing is left to serve
        var unhealthy = await ProbeAsync();
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Equal(31d, unhealthy.Data["failing_seconds"]);
        Assert.Equal(calls, _rbac.Calls); // no probe called the source

        _rbac.IsAvailable = true;
        await DecisionAssert.AllowedAsync(_api, await SendAsync());
        var recovered = await ProbeAsync();
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
        Assert.False(recovered.Data.ContainsKey("last_error"));
    }

    [Fact]
    public async Task Unhealthy_at_once_when_the_source_fails_with_nothing_cached()
    {
        await _rbac.StopAsync();

        await DecisionAssert.DeniedAsync(_api, await SendAsync(), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.PermissionSourceUnavailable);
        var entry = await ProbeAsync();

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("unreachable", entry.Data["last_error"]);
        Assert.Equal(0, entry.Data["cached_answers"]);
    }
}
