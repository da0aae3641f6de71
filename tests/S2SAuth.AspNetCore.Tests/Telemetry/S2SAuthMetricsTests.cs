using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.Rbac.Framework;
using S2SAuth.AspNetCore.Tests.SignedRequests.Framework;
using S2SAuth.AspNetCore.Tests.SignedRequests;
using S2SAuth.AspNetCore.Tests.Webhooks;
using S2SAuth.AspNetCore.Tests.Webhooks.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;
using static S2SAuth.AspNetCore.Tests.SignedRequests.Framework.RequestSigning;

namespace S2SAuth.AspNetCore.Tests.Telemetry;

/// <summary>
/// The metrics only S2SAuth knows (issue 18): refusals, verified-token and permission cache lookups, webhook and
/// signed-request replays. Each collector listens to one host's <see cref="IMeterFactory"/> only (tests run in parallel).
/// </summary>
public sealed class S2SAuthMetricsTests : IClassFixture<IssuerFixture>
{
    private const string Path = "/min/t/tenant_789/user-scoped";
    private readonly IssuerFixture _fixture;

    public S2SAuthMetricsTests(IssuerFixture fixture) => _fixture = fixture;

    private static MetricCollector<long> Collect(IServiceProvider services, string instrument) =>
        new(services.GetRequiredService<IMeterFactory>(), ServiceAuthTelemetry.MeterName, instrument);

    private static void AssertDescribed(MetricCollector<long> collector, string unit, string description)
    {
        Assert.NotNull(collector.Instrument);
        Assert.IsAssignableFrom<Counter<long>>(collector.Instrument);
        Assert.Equal(unit, collector.Instrument.Unit);
        Assert.Equal(description, collector.Instrument.Description);
    }

    [Fact]
    public async Task A_refusal_counts_once_on_s2sauth_refusals_with_its_code_and_status()
    {
        await using var api = await RbacApi.StartAsync(_fixture.Issuer);
        using var refusals = Collect(api.Services, ServiceAuthTelemetry.RefusalsCounter);

        var sent = await api.PostAsync(Path, serviceToken: null, api.UserToken([UserScopedActivity]));
        await ProblemAssert.IsProblemAsync(sent.Response, HttpStatusCode.Unauthorized, AuthErrorCodes.ServiceTokenMissing);
        await DecisionAssert.DeniedAsync(api, await api.PostAsync(Path, api.ServiceToken(["other"]), api.UserToken([UserScopedActivity])),
            HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing);

        var measurements = refusals.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.All(measurements, m => Assert.Equal(1, m.Value));
        Assert.Equal(AuthErrorCodes.ServiceTokenMissing, measurements[0].Tags[ServiceAuthTelemetry.CodeTag]);
        Assert.Equal(401, measurements[0].Tags[ServiceAuthTelemetry.HttpStatusCodeTag]);
        Assert.Equal(AuthErrorCodes.ScopeMissing, measurements[1].Tags[ServiceAuthTelemetry.CodeTag]);
        Assert.Equal(403, measurements[1].Tags[ServiceAuthTelemetry.HttpStatusCodeTag]);
        AssertDescribed(refusals, "{request}", "Requests S2SAuth refused, by error code and HTTP status.");
    }

    [Fact]
    public async Task A_token_seen_first_is_a_cache_miss_and_seen_again_a_hit_by_token_kind()
    {
        await using var api = await RbacApi.StartAsync(_fixture.Issuer);
        using var lookups = Collect(api.Services, ServiceAuthTelemetry.VerifiedTokenCacheLookups);
        var service = api.ServiceToken([UserScopedActivity]);
        var user = api.UserToken([UserScopedActivity]);

        await DecisionAssert.AllowedAsync(api, await api.PostAsync(Path, service, user));
        await DecisionAssert.AllowedAsync(api, await api.PostAsync(Path, service, user));

        string[] Results(string kind) => [.. lookups.GetMeasurementSnapshot()
            .Where(m => (string?)m.Tags[ServiceAuthTelemetry.TokenKindTag] == kind)
            .Select(m => (string)m.Tags[ServiceAuthTelemetry.CacheResultTag]!)];
        Assert.Equal(["miss", "hit"], Results("service"));
        Assert.Equal(["miss", "hit"], Results("user"));
        Assert.All(lookups.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
        AssertDescribed(lookups, "{lookup}", "Verified-token cache lookups, by result (hit, miss) and token kind.");
    }

    [Fact]
    public async Task A_remote_permission_asked_first_is_a_miss_and_asked_again_a_hit()
    {
        await using var rbac = await RbacServer.StartAsync();
        rbac.Grant(UserId, CallerTenant, UserScopedActivity);
        await using var api = await RbacApi.StartAsync(_fixture.Issuer, services: s => s.AddRemotePermissions(o => o.Endpoint = rbac.CheckUri));
        using var lookups = Collect(api.Services, ServiceAuthTelemetry.PermissionCacheLookups);

        await DecisionAssert.AllowedAsync(api, await api.PostAsync(Path, api.ServiceToken([UserScopedActivity]), api.UserToken([])));
        await DecisionAssert.AllowedAsync(api, await api.PostAsync(Path, api.ServiceToken([UserScopedActivity]), api.UserToken([])));

        Assert.Equal(["miss", "hit"], lookups.GetMeasurementSnapshot().Select(m => (string)m.Tags[ServiceAuthTelemetry.CacheResultTag]!));
        Assert.Equal(1, rbac.Calls);
        AssertDescribed(lookups, "{lookup}", "Remote permission-source cache lookups, by result (hit, miss).");
    }

    [Fact]
    public async Task A_webhook_replay_counts_once_by_provider_and_a_first_delivery_not_at_all()
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        using var replays = Collect(api.Api.App.Services, ServiceAuthTelemetry.WebhookReplays);
        var body = WebhookApi.Body("evt_m1");

        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/standard", body, api.Sign("standard", "evt_m1", body)));
        Assert.Empty(replays.GetMeasurementSnapshot());
        await WebhookAssert.DuplicateAsync(await api.SendAsync("/webhooks/standard", body, api.Sign("standard", "evt_m1", body)));

        var replay = Assert.Single(replays.GetMeasurementSnapshot());
        Assert.Equal(1, replay.Value);
        Assert.Equal("standard", replay.Tags[ServiceAuthTelemetry.WebhookProviderTag]);
        AssertDescribed(replays, "{delivery}", "Webhook deliveries already seen (answered 200 duplicate, not delivered again), by provider.");
    }

    [Fact]
    public async Task A_signed_request_replay_counts_once_by_key_id_and_as_a_refusal()
    {
        await using var api = await SignedApi.StartAsync(_fixture.Issuer);
        using var replays = Collect(api.Services, ServiceAuthTelemetry.SignedRequestReplays);
        using var refusals = Collect(api.Services, ServiceAuthTelemetry.RefusalsCounter);
        var first = Signed(HttpMethod.Get, api.Uri("/signed"), api.Time.GetUtcNow(), nonce: "metrics-replay-1");
        var again = SignedRequestTests.Copy(first, HttpMethod.Get, first.RequestUri!);

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(first)).StatusCode);
        Assert.Empty(replays.GetMeasurementSnapshot());
        await ProblemAssert.IsProblemAsync(await api.SendAsync(again), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureReplayed);

        var replay = Assert.Single(replays.GetMeasurementSnapshot());
        Assert.Equal(1, replay.Value);
        Assert.Equal(SignedKeys.Ed25519Id, replay.Tags[ServiceAuthTelemetry.SignedRequestKeyIdTag]);
        Assert.Equal(AuthErrorCodes.RequestSignatureReplayed, Assert.Single(refusals.GetMeasurementSnapshot()).Tags[ServiceAuthTelemetry.CodeTag]);
        AssertDescribed(replays, "{request}", "Signed requests refused because their nonce was already used, by key id.");
    }
}
