using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.Idempotency.Framework;
using S2SAuth.Idempotency;

namespace S2SAuth.AspNetCore.Tests.Idempotency;

/// <summary>
/// <c>.RequireIdempotency()</c> on one instance (in-memory store, in-memory server): a state-changing call runs once per
/// (tenant, calling service, user, <c>Idempotency-Key</c>); retries get the first response replayed; duplicates in flight,
/// reused keys, bad keys and store failures get their own status and stable code, never a 500 and never a second run.
/// </summary>
public sealed class IdempotencyTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private readonly IssuerFixture _issuer;
    private IdempotentApi _api = null!;

    public IdempotencyTests(IssuerFixture issuer) => _issuer = issuer;

    public async Task InitializeAsync() => _api = await IdempotentApi.StartAsync(_issuer.Issuer);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_retry_gets_the_first_response_replayed_status_headers_and_body_and_the_endpoint_runs_once()
    {
        var key = NewKey();
        using var first = await _api.PostAsync("/orders/o-1", key);
        using var retry = await _api.PostAsync("/orders/o-1", key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(1, _api.RunsOf("orders/o-1"));
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal(body, await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, JsonDocument.Parse(body).RootElement.GetProperty("run").GetInt32());
        Assert.Equal("/orders/o-1", first.Headers.Location?.ToString());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Content.Headers.ContentType, retry.Content.Headers.ContentType);
        Assert.False(first.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotency-Replayed")));
        Assert.Contains(_api.Api.Logs.Entries, e => e.EventId.Id == 1501 && e.Values["StatusCode"] == "201");
    }

    [Fact]
    public async Task A_quoted_key_per_the_IETF_draft_is_the_same_key_as_the_bare_one()
    {
        var key = NewKey();
        using var first = await _api.PostAsync("/orders/o-q", "\"" + key + "\"");
        using var retry = await _api.PostAsync("/orders/o-q", key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(1, _api.RunsOf("orders/o-q"));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_or_path_is_refused_422_and_nothing_runs_again()
    {
        var key = NewKey();
        using var first = await _api.PostAsync("/orders/o-2", key, "{\"qty\":1}");
        using var otherBody = await _api.PostAsync("/orders/o-2", key, "{\"qty\":2}");
        using var otherPath = await _api.PostAsync("/orders/o-3", key, "{\"qty\":1}");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await ProblemAssert.IsProblemAsync(otherBody, HttpStatusCode.UnprocessableEntity, AuthErrorCodes.IdempotencyKeyReused);
        await ProblemAssert.IsProblemAsync(otherPath, HttpStatusCode.UnprocessableEntity, AuthErrorCodes.IdempotencyKeyReused);
        Assert.Equal(1, _api.RunsOf("orders/o-2"));
        Assert.Equal(0, _api.RunsOf("orders/o-3"));
        Assert.Contains(_api.Api.Logs.Entries, e => e.EventId.Id == 1503 && e.Values["ServiceId"] == "orders-service");
    }

    [Fact]
    public async Task A_duplicate_while_the_first_is_in_flight_gets_409_with_Retry_After_and_then_the_stored_response()
    {
        var key = NewKey();
        var first = _api.PostAsync("/slow", key);
        await _api.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var duplicate = await _api.PostAsync("/slow", key);
        await ProblemAssert.IsProblemAsync(duplicate, HttpStatusCode.Conflict, AuthErrorCodes.IdempotencyInProgress);
        Assert.Equal(TimeSpan.FromSeconds(1), duplicate.Headers.RetryAfter?.Delta);

        _api.Gate.SetResult();
        using var firstResponse = await first;
        using var retry = await _api.PostAsync("/slow", key);
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(await firstResponse.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.True(retry.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(1, _api.RunsOf("slow"));
    }

    [Fact]
    public async Task An_endpoint_that_throws_releases_the_key_so_a_retry_runs_it_again()
    {
        var key = NewKey();
        try
        {
            using var failed = await _api.PostAsync("/flaky/throw", key);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }
        catch (InvalidOperationException e) when (e.Message == "the endpoint failed")
        {
            // The in-memory test server hands the endpoint's exception to the caller.
        }

        using var retry = await _api.PostAsync("/flaky/throw", key);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.False(retry.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(2, _api.RunsOf("flaky/throw"));
        Assert.Contains(_api.Api.Logs.Entries, e => e.EventId.Id == 1506 && e.Values["Outcome"] == nameof(InvalidOperationException));
    }

    [Theory]
    [InlineData("503")]
    [InlineData("429")]
    public async Task A_5xx_or_429_answer_is_not_stored_and_a_retry_runs_again(string mode)
    {
        var key = NewKey();
        using var failed = await _api.PostAsync("/flaky/" + mode, key);
        using var retry = await _api.PostAsync("/flaky/" + mode, key);

        Assert.Equal(int.Parse(mode, System.Globalization.CultureInfo.InvariantCulture), (int)failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.False(retry.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(2, _api.RunsOf("flaky/" + mode));
    }

    [Fact]
    public async Task A_4xx_answer_of_the_endpoint_is_stored_and_replayed()
    {
        var key = NewKey();
        using var refused = await _api.PostAsync("/flaky/400", key);
        using var retry = await _api.PostAsync("/flaky/400", key);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(await refused.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, _api.RunsOf("flaky/400"));
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("key/with/slash")]
    [InlineData("\"unterminated")]
    [InlineData("ключ")]
    [InlineData("k%0d%0aX-Injected:1")]
    public async Task A_bad_key_is_refused_400_idempotency_key_invalid_and_nothing_runs(string key)
    {
        using var response = await _api.PostAsync("/orders/o-bad", key);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, AuthErrorCodes.IdempotencyKeyInvalid);
        Assert.Equal(0, _api.RunsOf("orders/o-bad"));
    }

    [Fact]
    public async Task A_key_longer_than_128_characters_or_sent_twice_is_refused_400()
    {
        using var tooLong = await _api.PostAsync("/orders/o-long", new string('k', 129));
        using var twice = await _api.SendAsync(HttpMethod.Post, "/orders/o-long", "k-1", configure: r => r.Headers.TryAddWithoutValidation("Idempotency-Key", "k-2"));
        using var longest = await _api.PostAsync("/orders/o-long", new string('k', 128));

        await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.BadRequest, AuthErrorCodes.IdempotencyKeyInvalid);
        await ProblemAssert.IsProblemAsync(twice, HttpStatusCode.BadRequest, AuthErrorCodes.IdempotencyKeyInvalid);
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        Assert.Equal(1, _api.RunsOf("orders/o-long"));
    }

    [Fact]
    public async Task A_missing_key_is_refused_400_idempotency_key_missing_by_default()
    {
        using var response = await _api.PostAsync("/orders/o-none", key: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, AuthErrorCodes.IdempotencyKeyMissing);
        Assert.Equal(0, _api.RunsOf("orders/o-none"));
    }

    [Fact]
    public async Task Another_calling_service_or_user_with_the_same_key_is_another_scope_and_sees_nothing_of_the_first()
    {
        var key = NewKey();
        using var orders = await _api.PostAsync("/orders/o-4", key, service: "orders-service");
        using var billing = await _api.PostAsync("/orders/o-4", key, service: "billing-service");
        using var userA = await _api.PostAsync("/orders/o-4", key, service: "orders-service", user: "user_a");
        using var userB = await _api.PostAsync("/orders/o-4", key, service: "orders-service", user: "user_b");

        foreach (var response in new[] { orders, billing, userA, userB })
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.False(response.Headers.Contains("Idempotency-Replayed"));
        }

        Assert.Equal(4, _api.RunsOf("orders/o-4"));
        using var billingRetry = await _api.PostAsync("/orders/o-4", key, service: "billing-service");
        Assert.Equal(2, JsonDocument.Parse(await billingRetry.Content.ReadAsStringAsync()).RootElement.GetProperty("run").GetInt32());
    }

    [Fact]
    public async Task Safe_methods_pass_through_untouched()
    {
        var key = NewKey();
        using var first = await _api.SendAsync(HttpMethod.Get, "/orders/o-5", key);
        using var second = await _api.SendAsync(HttpMethod.Get, "/orders/o-5", key);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(2, _api.RunsOf("get/o-5"));
    }

    [Fact]
    public async Task A_response_larger_than_MaxResponseBytes_is_sent_but_not_stored_and_a_retry_gets_409_without_a_second_run()
    {
        var key = NewKey();
        using var first = await _api.PostAsync("/big", key);
        using var retry = await _api.PostAsync("/big", key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(IdempotentApi.BigBodyBytes + 1, (await first.Content.ReadAsStringAsync()).Length);
        var problem = await ProblemAssert.IsProblemAsync(retry, HttpStatusCode.Conflict, AuthErrorCodes.IdempotencyResponseNotStored);
        Assert.Contains("status 200", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(retry.Headers.RetryAfter);
        Assert.Equal(1, _api.RunsOf("big"));
        Assert.Contains(_api.Api.Logs.Entries, e => e.EventId.Id == 1505);
    }

    [Fact]
    public async Task A_body_written_to_the_PipeWriter_and_never_flushed_reaches_the_client_and_the_store()
    {
        var key = NewKey();
        using var first = await _api.PostAsync("/pipe", key);
        using var retry = await _api.PostAsync("/pipe", key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("piped 1", await first.Content.ReadAsStringAsync());
        Assert.Equal("piped 1", await retry.Content.ReadAsStringAsync());
        Assert.True(retry.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(1, _api.RunsOf("pipe"));
    }

    [Fact]
    public async Task RequireIdempotency_on_a_group_and_its_endpoint_wraps_once()
    {
        var key = NewKey();
        using var first = await _api.PostAsync("/group/twice", key);
        using var retry = await _api.PostAsync("/group/twice", key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(1, _api.RunsOf("group"));
    }

    [Fact]
    public async Task A_public_endpoint_cannot_scope_a_key_and_refuses_403_without_running()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/public") { Content = new StringContent("{}") };
        request.Headers.Add("Idempotency-Key", NewKey());
        using var response = await _api.Api.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, AuthErrorCodes.Forbidden);
        Assert.Equal(0, _api.RunsOf("public"));
    }

    [Fact]
    public async Task Logs_hold_neither_the_key_nor_the_tokens_nor_the_body()
    {
        var key = "order-7-confirm-" + NewKey();
        var service = _api.Api.ServiceToken().Build();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/orders/o-7") { Content = new StringContent(IdempotentApi.Secret) };
            request.Headers.Add("X-Service-Token", service);
            request.Headers.Add("Idempotency-Key", key);
            using var response = await _api.Api.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        using var reused = await _api.PostAsync("/orders/o-7", key, "{\"other\":1}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var text = _api.Api.Logs.AllText();
        Assert.Contains("1501", string.Join(',', _api.Api.Logs.Entries.Select(e => e.EventId.Id)), StringComparison.Ordinal);
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(service, text, StringComparison.Ordinal);
        Assert.DoesNotContain(IdempotentApi.Secret, text, StringComparison.Ordinal);
    }
}

/// <summary>The store cannot answer: every call is refused with 503 and its code; the endpoint never runs, never a 500.</summary>
public sealed class IdempotencyStoreFailureTests : IClassFixture<IssuerFixture>
{
    private readonly IssuerFixture _issuer;

    public IdempotencyStoreFailureTests(IssuerFixture issuer) => _issuer = issuer;

    [Fact]
    public async Task A_failing_store_answers_503_idempotency_store_unavailable_with_Retry_After_and_the_endpoint_does_not_run()
    {
        await using var api = await IdempotentApi.StartAsync(_issuer.Issuer, services: s => s.Replace(ServiceDescriptor.Singleton<IIdempotencyStore, FailingStore>()));

        using var response = await api.PostAsync("/orders/o-8", Guid.NewGuid().ToString("N"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IdempotencyStoreUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal(0, api.RunsOf("orders/o-8"));
        Assert.Contains(api.Api.Logs.Entries, e => e.EventId.Id == 1504 && e.Values["ExceptionType"] == nameof(TimeoutException));
    }

    [Fact]
    public async Task A_hanging_store_is_cut_off_at_StoreTimeout_with_503()
    {
        await using var api = await IdempotentApi.StartAsync(
            _issuer.Issuer,
            o => o.StoreTimeout = TimeSpan.FromMilliseconds(50),
            s => s.Replace(ServiceDescriptor.Singleton<IIdempotencyStore, HangingStore>()));

        using var response = await api.PostAsync("/orders/o-9", Guid.NewGuid().ToString("N"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IdempotencyStoreUnavailable);
        Assert.Equal(0, api.RunsOf("orders/o-9"));
    }

    [Fact]
    public async Task A_full_in_memory_store_refuses_new_keys_with_503_and_keeps_replaying_the_stored_ones()
    {
        await using var api = await IdempotentApi.StartAsync(_issuer.Issuer, o => o.MemoryMaxEntries = 2);
        var (k1, k2, k3) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        using var r1 = await api.PostAsync("/orders/f-1", k1);
        using var r2 = await api.PostAsync("/orders/f-2", k2);
        using var r3 = await api.PostAsync("/orders/f-3", k3);
        using var replay = await api.PostAsync("/orders/f-1", k1);

        Assert.Equal(HttpStatusCode.Created, r2.StatusCode);
        await ProblemAssert.IsProblemAsync(r3, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IdempotencyStoreUnavailable);
        Assert.Equal(0, api.RunsOf("orders/f-3"));
        Assert.True(replay.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(2, api.Services.GetRequiredService<MemoryIdempotencyStore>().Count);
        Assert.Contains(api.Api.Logs.Entries, e => e.EventId.Id == 1508);
    }

    [Fact]
    public async Task Without_RequireKey_a_call_without_a_key_runs_unprotected()
    {
        await using var api = await IdempotentApi.StartAsync(_issuer.Issuer, o => o.RequireKey = false);

        using var first = await api.PostAsync("/orders/o-10", key: null);
        using var second = await api.PostAsync("/orders/o-10", key: null);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, api.RunsOf("orders/o-10"));
    }

    private sealed class FailingStore : IIdempotencyStore
    {
        public Task<byte[]?> TryClaimAsync(string key, byte[] claim, TimeSpan lifetime, CancellationToken cancellationToken) => throw new TimeoutException("store down");

        public Task<bool> CompleteAsync(string key, byte[] claim, byte[] record, TimeSpan lifetime, CancellationToken cancellationToken) => throw new TimeoutException("store down");

        public Task ReleaseAsync(string key, byte[] claim, CancellationToken cancellationToken) => throw new TimeoutException("store down");
    }

    private sealed class HangingStore : IIdempotencyStore
    {
        public Task<byte[]?> TryClaimAsync(string key, byte[] claim, TimeSpan lifetime, CancellationToken cancellationToken) => new TaskCompletionSource<byte[]?>().Task;

        public Task<bool> CompleteAsync(string key, byte[] claim, byte[] record, TimeSpan lifetime, CancellationToken cancellationToken) => new TaskCompletionSource<bool>().Task;

        public Task ReleaseAsync(string key, byte[] claim, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary><c>[RequireIdempotency]</c> on MVC controllers and actions: the same behaviour as on minimal APIs.</summary>
public sealed class MvcIdempotencyTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private readonly IssuerFixture _issuer;
    private IdempotentApi _api = null!;

    public MvcIdempotencyTests(IssuerFixture issuer) => _issuer = issuer;

    public async Task InitializeAsync() => _api = await IdempotentApi.StartAsync(_issuer.Issuer);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task An_MVC_action_runs_once_replays_and_refuses_a_reused_key()
    {
        var key = Guid.NewGuid().ToString("N");
        using var first = await _api.PostAsync("/mvc/idempotent/m-1", key, "{\"qty\":3}");
        using var retry = await _api.PostAsync("/mvc/idempotent/m-1", key, "{\"qty\":3}");
        using var reused = await _api.PostAsync("/mvc/idempotent/m-1", key, "{\"qty\":4}");
        using var missing = await _api.PostAsync("/mvc/idempotent/m-2", key: null, "{\"qty\":3}");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.True(retry.Headers.Contains("Idempotency-Replayed"));
        await ProblemAssert.IsProblemAsync(reused, HttpStatusCode.UnprocessableEntity, AuthErrorCodes.IdempotencyKeyReused);
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.BadRequest, AuthErrorCodes.IdempotencyKeyMissing);
        Assert.Equal(1, _api.RunsOf("mvc/m-1"));
        Assert.Equal(0, _api.RunsOf("mvc/m-2"));
    }

    [Fact]
    public async Task An_MVC_action_that_throws_releases_the_key_and_the_attribute_on_class_and_action_wraps_once()
    {
        var key = Guid.NewGuid().ToString("N");
        try
        {
            using var failed = await _api.PostAsync("/mvc/idempotent/m-3/fail", key);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }
        catch (InvalidOperationException e) when (e.Message == "the action failed")
        {
            // The in-memory test server hands the action's exception to the caller.
        }

        using var retry = await _api.PostAsync("/mvc/idempotent/m-3/fail", key);
        using var replay = await _api.PostAsync("/mvc/idempotent/m-3/fail", key);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.False(retry.Headers.Contains("Idempotency-Replayed"));
        Assert.True(replay.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(2, _api.RunsOf("mvc-fail/m-3"));
    }
}
