using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.Webhooks.Framework;

namespace S2SAuth.AspNetCore.Tests.Webhooks;

/// <summary>
/// Webhook endpoints end to end, for each scheme (Standard Webhooks v1 and v1a, Stripe, GitHub, generic HMAC): a valid
/// delivery runs the endpoint with its context and the same bytes; every forged, tampered, stale, oversized or
/// malformed one is refused with its exact status and code and never reaches the tenant resolver or the endpoint; a
/// replay is answered 200 and not delivered twice.
/// </summary>
public sealed class WebhookDeliveryTests : IClassFixture<IssuerFixture>
{
    public static readonly TheoryData<string> Schemes = new() { "standard", "ed", "stripe", "github", "hmac" };

    /// <summary>Schemes with a signed timestamp.</summary>
    public static readonly TheoryData<string> TimedSchemes = new() { "standard", "ed", "stripe", "hmac" };

    private readonly IssuerFixture _fixture;

    public WebhookDeliveryTests(IssuerFixture fixture) => _fixture = fixture;

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task A_valid_delivery_runs_the_endpoint_with_its_context_tenant_and_the_same_bytes(string scheme)
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_1");

        var json = await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/" + scheme, body, api.Sign(scheme, "evt_1", body)));

        Assert.Equal(scheme, json.GetProperty("provider").GetString());
        Assert.Equal("evt_1", json.GetProperty("eventId").GetString());
        Assert.Equal(body, json.GetProperty("body").GetString()); // rewound: the endpoint reads exactly the verified bytes
        Assert.Equal("tenant_42", json.GetProperty("tenant").GetString());
        Assert.Equal("tenant_42", json.GetProperty("contextTenant").GetString());
        Assert.Equal("Webhook", json.GetProperty("tenantSource").GetString());
        Assert.True(json.GetProperty("sameContext").GetBoolean());
        if (scheme == "github")
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("timestamp").ValueKind);
        }
        else
        {
            Assert.Equal(api.Now, json.GetProperty("timestamp").GetInt64());
        }

        Assert.Equal(1, api.RunsOf(scheme));
        Assert.Equal(1, api.ResolverRuns);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task A_tampered_body_is_refused_before_the_resolver(string scheme)
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_1");
        var headers = api.Sign(scheme, "evt_1", body);

        var response = await api.SendAsync("/webhooks/" + scheme, body.Replace("1200", "9900", StringComparison.Ordinal), headers);

        await WebhookAssert.RefusedAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.WebhookSignatureInvalid);
        AssertNothingRan(api, scheme);
    }

    [Theory]
    [InlineData("standard", "webhook-id", "evt_2")]
    [InlineData("standard", "webhook-timestamp", "+1")]
    [InlineData("ed", "webhook-id", "evt_2")]
    [InlineData("ed", "webhook-timestamp", "+1")]
    [InlineData("hmac", "X-Timestamp", "+1")]
    public async Task A_tampered_signed_header_is_refused(string scheme, string header, string value)
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_1");
        var headers = api.Sign(scheme, "evt_1", body);
        headers[header] = value == "+1" ? (api.Now + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : value;

        var response = await api.SendAsync("/webhooks/" + scheme, body, headers);

        await WebhookAssert.RefusedAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.WebhookSignatureInvalid);
        AssertNothingRan(api, scheme);
    }

    [Fact]
    public async Task A_tampered_stripe_timestamp_is_refused()
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_1");
        var headers = api.Sign("stripe", "evt_1", body);
        headers["Stripe-Signature"] = headers["Stripe-Signature"].Replace($"t={api.Now}", $"t={api.Now - 1}", StringComparison.Ordinal);

        var response = await api.SendAsync("/webhooks/stripe", body, headers);

        await WebhookAssert.RefusedAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.WebhookSignatureInvalid);
        AssertNothingRan(api, "stripe");
    }

    [Theory]
    [InlineData("github", "X-GitHub-Delivery")]
    [InlineData("hmac", "X-Event-Id")]
    public async Task A_replay_under_a_changed_unsigned_id_is_a_duplicate(string scheme, string idHeader)
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_1");
        var headers = api.Sign(scheme, "evt_1", body);
        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/" + scheme, body, headers));

        headers[idHeader] = "evt_other"; // not covered by the signature: the signed content still identifies the event
        await WebhookAssert.DuplicateAsync(await api.SendAsync("/webhooks/" + scheme, body, headers));

        Assert.Equal(1, api.RunsOf(scheme));
        Assert.Equal(1, api.ResolverRuns);
    }

    [Theory]
    [InlineData("standard", "whsec_dGhpcy1pcy1ub3QtdGhlLXNlY3JldC1hdC1hbGwtcmVhbGx5")]
    [InlineData("stripe", "whsec_not_the_stripe_secret")]
    [InlineData("github", "not-the-github-secret")]
    [InlineData("hmac", "not-the-generic-secret")]
    public async Task A_delivery_signed_with_another_secret_is_refused(string scheme, string secret)
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_1");

        var response = await api.SendAsync("/webhooks/" + scheme, body, api.Sign(scheme, "evt_1", body, secret: secret));

        await WebhookAssert.RefusedAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.WebhookSignatureInvalid);
        AssertNothingRan(api, scheme);
    }

    [Fact]
    public async Task A_v1a_delivery_signed_by_another_key_is_refused()
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        using var other = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519);
        var body = WebhookApi.Body("evt_1");

        var response = await api.SendAsync("/webhooks/ed", body, WebhookSigner.StandardEd25519(other, "evt_1", api.Now, body));

        await WebhookAssert.RefusedAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.WebhookSignatureInvalid);
        AssertNothingRan(api, "ed");
    }

    [Fact]
    public async Task During_a_rotation_the_old_and_the_new_secret_both_verify()
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var first = WebhookApi.Body("evt_old");
        var second = WebhookApi.Body("evt_new");

        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/standard", first, api.Sign("standard", "evt_old", first, secret: WebhookApi.OldStandardSecret)));
        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/standard", second, api.Sign("standard", "evt_new", second, secret: WebhookApi.NewStandardSecret)));

        Assert.Equal(2, api.RunsOf("standard"));
    }

    [Theory]
    [MemberData(nameof(TimedSchemes))]
    public async Task Expired_and_future_timestamps_are_refused(string scheme)
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        foreach (var offset in new[] { -301, 301 })
        {
            var id = "evt_" + offset;
            var body = WebhookApi.Body(id);

            var response = await api.SendAsync("/webhooks/" + scheme, body, api.Sign(scheme, id, body, api.Now + offset));

            await WebhookAssert.RefusedAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.WebhookTimestampOutOfTolerance);
        }

        // At the edge of the tolerance (inclusive) it still verifies.
        var edge = WebhookApi.Body("evt_edge");
        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/" + scheme, edge, api.Sign(scheme, "evt_edge", edge, api.Now - 300)));
        Assert.Equal(1, api.RunsOf(scheme));
        Assert.Equal(1, api.ResolverRuns);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task A_replayed_delivery_is_answered_200_and_not_delivered_twice(string scheme)
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_1");
        var headers = api.Sign(scheme, "evt_1", body);
        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/" + scheme, body, headers));

        api.Time.Advance(TimeSpan.FromMinutes(4)); // still within the tolerance
        await WebhookAssert.DuplicateAsync(await api.SendAsync("/webhooks/" + scheme, body, headers));

        Assert.Equal(1, api.RunsOf(scheme));
        Assert.Equal(1, api.ResolverRuns);
    }

    [Fact]
    public async Task A_provider_retry_of_the_same_event_with_a_new_timestamp_is_a_duplicate()
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_1");
        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/standard", body, api.Sign("standard", "msg_1", body)));

        api.Time.Advance(TimeSpan.FromHours(2)); // Standard Webhooks re-signs a retry with a new timestamp, same webhook-id
        await WebhookAssert.DuplicateAsync(await api.SendAsync("/webhooks/standard", body, api.Sign("standard", "msg_1", body)));
        Assert.Equal(1, api.RunsOf("standard"));

        api.Time.Advance(TimeSpan.FromHours(23)); // past DedupeLifetime (24 h): forgotten
        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/standard", body, api.Sign("standard", "msg_1", body)));
        Assert.Equal(2, api.RunsOf("standard"));
    }

    [Theory]
    [InlineData("standard", false)]
    [InlineData("standard", true)]
    [InlineData("github", false)]
    [InlineData("github", true)]
    public async Task An_oversized_body_is_refused_with_413(string scheme, bool chunked)
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_1") + new string(' ', 1100); // MaxBodyBytes is 1024

        var response = await api.SendAsync("/webhooks/" + scheme, body, api.Sign(scheme, "evt_1", body), chunked);

        await WebhookAssert.RefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, AuthErrorCodes.WebhookBodyTooLarge);
        AssertNothingRan(api, scheme);
    }

    [Fact]
    public async Task A_chunked_body_within_the_bound_is_delivered()
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_1");

        var json = await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/standard", body, api.Sign("standard", "evt_1", body), chunked: true));

        Assert.Equal(body, json.GetProperty("body").GetString());
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task A_delivery_without_signature_headers_is_refused(string scheme)
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);

        var response = await api.SendAsync("/webhooks/" + scheme, WebhookApi.Body("evt_1"), new Dictionary<string, string>());

        await WebhookAssert.RefusedAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.WebhookSignatureMissing);
        AssertNothingRan(api, scheme);
    }

    [Theory]
    [InlineData("standard", "webhook-signature")]
    [InlineData("standard", "webhook-id")]
    [InlineData("standard", "webhook-timestamp")]
    [InlineData("stripe", "Stripe-Signature")]
    [InlineData("github", "X-Hub-Signature-256")]
    [InlineData("github", "X-GitHub-Delivery")]
    [InlineData("hmac", "X-Signature")]
    [InlineData("hmac", "X-Timestamp")]
    public async Task A_repeated_header_is_malformed(string scheme, string header)
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_1");
        var headers = api.Sign(scheme, "evt_1", body);
        using var request = WebhookSigner.Request("/webhooks/" + scheme, body, headers);
        request.Headers.TryAddWithoutValidation(header, headers[header]); // the same value twice

        var response = await api.Api.Client.SendAsync(request);

        await WebhookAssert.RefusedAsync(response, HttpStatusCode.BadRequest, AuthErrorCodes.WebhookHeadersMalformed);
        AssertNothingRan(api, scheme);
    }

    [Fact]
    public async Task A_valid_service_token_without_a_signature_is_refused()
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var headers = new Dictionary<string, string>
        {
            ["X-Service-Token"] = api.Api.ServiceToken().Build(),
            ["Authorization"] = "Bearer " + api.Api.UserToken().Build(),
        };

        var response = await api.SendAsync("/webhooks/standard", WebhookApi.Body("evt_1"), headers);

        await WebhookAssert.RefusedAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.WebhookSignatureMissing);
        AssertNothingRan(api, "standard");
    }

    [Fact]
    public async Task Model_binding_reads_the_verified_bytes_in_minimal_apis_and_mvc()
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_bound", "tenant_7");

        var minimal = await WebhookAssert.DeliveredAsync(await api.SendAsync("/bound/standard", body, api.Sign("standard", "evt_bound", body)));
        var mvcBody = WebhookApi.Body("evt_mvc", "tenant_8");
        var mvc = await WebhookAssert.DeliveredAsync(await api.SendAsync("/mvc/standard", mvcBody, api.Sign("standard", "evt_mvc", mvcBody)));

        Assert.Equal(1200, minimal.GetProperty("amount").GetInt32());
        Assert.Equal("tenant_7", minimal.GetProperty("tenant").GetString());
        Assert.Equal("evt_bound", minimal.GetProperty("eventId").GetString());
        Assert.Equal(1200, mvc.GetProperty("amount").GetInt32());
        Assert.Equal("tenant_8", mvc.GetProperty("tenant").GetString());
        Assert.Equal("evt_mvc", mvc.GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task The_mvc_attribute_refuses_a_forged_delivery_before_model_binding()
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_mvc");
        var headers = api.Sign("standard", "evt_mvc", body);

        await WebhookAssert.RefusedAsync(await api.SendAsync("/mvc/standard", "{\"not\":\"it\"}", headers), HttpStatusCode.Unauthorized, AuthErrorCodes.WebhookSignatureInvalid);
        await WebhookAssert.DeliveredAsync(await api.SendAsync("/mvc/standard", body, headers));
        await WebhookAssert.DuplicateAsync(await api.SendAsync("/mvc/standard", body, headers));
    }

    [Fact]
    public async Task A_group_marked_as_a_whole_verifies_its_endpoints()
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_g");

        await WebhookAssert.RefusedAsync(await api.SendAsync("/grouped/one", body, new Dictionary<string, string>()), HttpStatusCode.Unauthorized, AuthErrorCodes.WebhookSignatureMissing);
        var json = await WebhookAssert.DeliveredAsync(await api.SendAsync("/grouped/one", body, api.Sign("standard", "evt_g", body)));

        Assert.Equal("evt_g", json.GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task An_endpoint_that_fails_forgets_the_event_so_the_providers_retry_is_delivered()
    {
        await using var api = await WebhookApi.StartAsync(_fixture.Issuer);
        var body = WebhookApi.Body("evt_f");
        var headers = api.Sign("standard", "evt_f", body);

        Assert.Equal(HttpStatusCode.InternalServerError, (await api.SendAsync("/failing", body, headers)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync("/failing", body, headers)).StatusCode);
        await WebhookAssert.DuplicateAsync(await api.SendAsync("/failing", body, headers));

        Assert.Equal(2, api.RunsOf("failing"));
    }

    private static void AssertNothingRan(WebhookApi api, string scheme)
    {
        Assert.Equal(0, api.ResolverRuns);
        Assert.Equal(0, api.RunsOf(scheme));
    }
}
