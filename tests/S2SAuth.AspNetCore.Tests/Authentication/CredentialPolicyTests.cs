using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Authentication;

namespace S2SAuth.AspNetCore.Tests.Authentication;

/// <summary>
/// The credential policy as flags, through the reader seam every credential beyond tokens and certificates plugs into:
/// which credential proves the caller on which endpoint, and the exact answer when none the endpoint accepts does.
/// The reader here is a stand-in for one credential kind (<c>X-Test-Credential: service-id</c>); the real ones are
/// tested in their own folders.
/// </summary>
public sealed class CredentialPolicyTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _fixture;

    public CredentialPolicyTests(ApiFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_token_only_endpoint_refuses_another_credential_alone_with_credential_not_accepted()
    {
        await using var api = await StartAsync();

        var response = await api.GetAsync("/token-only", configure: r => r.Headers.Add(StandInReader.Header, "partner-service"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.CredentialNotAccepted);
        Assert.Contains("a service token (X-Service-Token)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, api.App.Services.GetRequiredService<StandInReader>().Proofs);
    }

    [Fact]
    public async Task A_token_only_endpoint_without_any_credential_still_answers_service_token_missing()
    {
        await using var api = await StartAsync();

        var response = await api.GetAsync("/token-only");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ServiceTokenMissing);
    }

    [Fact]
    public async Task The_accepted_credential_proves_the_service_and_says_which_it_was()
    {
        await using var api = await StartAsync();

        var response = await api.GetAsync("/api-key-only", configure: r => r.Headers.Add(StandInReader.Header, "partner-service"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("partner-service ApiKey", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_endpoint_taking_only_another_credential_refuses_a_service_token_alone()
    {
        await using var api = await StartAsync();

        var response = await api.GetAsync("/api-key-only", api.ServiceToken().Build());

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.CredentialNotAccepted);
        Assert.Contains("does not accept a service token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_taking_only_another_credential_names_it_when_nothing_is_sent()
    {
        await using var api = await StartAsync();

        var response = await api.GetAsync("/api-key-only");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.CredentialMissing);
        Assert.Contains("the stand-in credential", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Either_credential_works_where_both_are_accepted_and_the_token_comes_first()
    {
        await using var api = await StartAsync();

        var byKey = await api.GetAsync("/either", configure: r => r.Headers.Add(StandInReader.Header, "partner-service"));
        var byToken = await api.GetAsync("/either", api.ServiceToken("orders-service").Build());
        var both = await api.GetAsync("/either", api.ServiceToken("orders-service").Build(), configure: r => r.Headers.Add(StandInReader.Header, "partner-service"));

        Assert.Equal("partner-service ApiKey", await byKey.Content.ReadAsStringAsync());
        Assert.Equal("orders-service Token", await byToken.Content.ReadAsStringAsync());
        Assert.Equal("orders-service Token", await both.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_service_token_sent_along_must_name_the_same_service()
    {
        await using var api = await StartAsync();

        var same = await api.GetAsync("/api-key-only", api.ServiceToken("partner-service").Build(), configure: r => r.Headers.Add(StandInReader.Header, "partner-service"));
        var other = await api.GetAsync("/api-key-only", api.ServiceToken("orders-service").Build(), configure: r => r.Headers.Add(StandInReader.Header, "partner-service"));

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.Unauthorized, AuthErrorCodes.CredentialConflict);
    }

    [Fact]
    public async Task A_refused_credential_answers_its_own_code_and_no_identity_is_left_on_the_request()
    {
        await using var api = await StartAsync();

        var response = await api.GetAsync("/api-key-only", configure: r => r.Headers.Add(StandInReader.Header, StandInReader.Refused));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "stand_in_refused");
        Assert.DoesNotContain(StandInReader.Refused, api.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replay_store_that_cannot_answer_is_a_503()
    {
        await using var api = await StartAsync();

        var response = await api.GetAsync("/api-key-only", configure: r => r.Headers.Add(StandInReader.Header, StandInReader.Unavailable));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.ReplayCheckUnavailable);
    }

    [Fact]
    public async Task The_default_policy_can_combine_flags_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:DefaultServiceCredential"] = "Token, ApiKey",
        }).Build();
        var options = new ServiceAuthOptions();
        configuration.GetSection("ServiceAuth").Bind(options);
        Assert.Equal(ServiceCredentialPolicy.Token | ServiceCredentialPolicy.ApiKey, options.DefaultServiceCredential);

        await using var api = await StartAsync(o => o.DefaultServiceCredential = options.DefaultServiceCredential);
        var byKey = await api.GetAsync("/default", configure: r => r.Headers.Add(StandInReader.Header, "partner-service"));

        Assert.Equal("partner-service ApiKey", await byKey.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(64 | 1)]
    public void A_policy_without_a_known_credential_is_refused(int value)
    {
        var policy = (ServiceCredentialPolicy)value;

        Assert.Throws<ArgumentOutOfRangeException>(() => new RequireServiceCredentialAttribute(policy));
        Assert.False(ServiceCredentialPolicies.IsValid(policy));
    }

    private Task<TestApi> StartAsync(Action<ServiceAuthOptions>? configure = null) => TestApi.StartAsync(_fixture.Issuer, configure,
        services =>
        {
            services.AddSingleton<StandInReader>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceCredentialReader, StandInReader>(sp => sp.GetRequiredService<StandInReader>()));
        },
        app =>
        {
            static string Who(ServiceIdentity caller) => $"{caller.ServiceId} {caller.Credential}";
            app.MapGet("/token-only", Who).RequireIdentities(RequiredIdentities.ServiceOnly);
            app.MapGet("/api-key-only", Who).RequireIdentities(RequiredIdentities.ServiceOnly).RequireServiceCredential(ServiceCredentialPolicy.ApiKey);
            app.MapGet("/either", Who).RequireIdentities(RequiredIdentities.ServiceOnly).RequireServiceCredential(ServiceCredentialPolicy.Token | ServiceCredentialPolicy.ApiKey);
            app.MapGet("/default", Who).RequireIdentities(RequiredIdentities.ServiceOnly);
        });

    /// <summary>Proves the service its header names; two header values stand for a refusal and an unavailable store.</summary>
    private sealed class StandInReader : IServiceCredentialReader
    {
        public const string Header = "X-Test-Credential";
        public const string Refused = "refuse-me-secret-value";
        public const string Unavailable = "store-down";
        private int _proofs;

        public int Proofs => _proofs;

        public ServiceCredentialPolicy Policy => ServiceCredentialPolicy.ApiKey;

        public string Description => "the stand-in credential (X-Test-Credential)";

        public bool IsPresented(HttpRequest request) => request.Headers.ContainsKey(Header);

        public ValueTask<CredentialProof> ProveAsync(HttpContext http, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _proofs);
            string value = http.Request.Headers[Header]!;
            return ValueTask.FromResult(value switch
            {
                Refused => CredentialProof.Refused("stand_in_refused", "The stand-in credential was refused."),
                Unavailable => CredentialProof.Refused(AuthErrorCodes.ReplayCheckUnavailable, "The replay store cannot answer."),
                _ => CredentialProof.Proved(new ServiceIdentity(value, new HashSet<string>(), null, "stand-in", DateTimeOffset.MaxValue, ServiceCredentialKind.ApiKey)),
            });
        }
    }
}
