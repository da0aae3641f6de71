using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using S2SAuth.Client.Telemetry;

namespace S2SAuth.Client.Tests.Logging;

/// <summary>
/// Runs the handler's scenarios with every log at Trace, HttpClient's own request/header logging included and
/// its header redaction turned off by the app, then looks for every token and secret in logs, exception
/// messages and metric tags.
/// </summary>
public sealed class NoLeakTests : IAsyncLifetime
{
    private const string WrongSecret = "wrong-secret-91d0c2aa";
    private ClientHarness _h = null!;
    private Downstream _other = null!;

    public async Task InitializeAsync()
    {
        _h = await ClientHarness.StartAsync();
        _other = await Downstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _other.DisposeAsync();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Without_S2SAuth_HttpClient_trace_logging_with_redaction_off_shows_header_values()
    {
        // Control: proves the capture below would see a leaked header value.
        var services = _h.NewServices();
        services.AddHttpClient("plain", c => c.BaseAddress = _h.Downstream.BaseUri).RedactLoggedHeaders(_ => false);
        var client = _h.Build(services).GetRequiredService<IHttpClientFactory>().CreateClient("plain");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/x");
        request.Headers.TryAddWithoutValidation("X-Service-Token", "visible-token-value");

        await client.SendAsync(request);

        Assert.Contains("visible-token-value", _h.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_token_or_secret_appears_in_any_log_line_exception_message_or_metric_tag()
    {
        var userToken = _h.Issuer.UserToken("user_123", "pricing-service", "tenant_789").Build();
        _h.Context.UserToken = userToken;
        _h.Context.CorrelationId = "corr-leak-test";
        var services = _h.NewServices();
        services.ConfigureHttpClientDefaults(b => b.RedactLoggedHeaders(_ => false));
        services.AddHttpClient("pricing", c => c.BaseAddress = _h.Downstream.BaseUri)
            .AddServiceTokenHandler(o =>
            {
                o.Audience = ClientHarness.Audience;
                o.UserScoped = true;
            })
            .AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.Zero);
        var provider = _h.Build(services);
        using var tokenRequests = new MetricCollector<long>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ClientMetrics.MeterName, ClientMetrics.TokenRequests);
        using var refusals = new MetricCollector<long>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ClientMetrics.MeterName, ClientMetrics.CallRefusals);
        using var rejections = new MetricCollector<long>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ClientMetrics.MeterName, ClientMetrics.TokenRejections);
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("pricing");
        var exceptions = new List<Exception>();
        async Task Run(Func<Task> scenario)
        {
            try
            {
                await scenario();
            }
            catch (Exception e) when (e is OutgoingCallRefusedException or ServiceTokenUnavailableException)
            {
                exceptions.Add(e);
            }
        }

        // 1. a user-scoped POST, retried after a 503, then rejected once with 401 invalid_token and retried
        _h.Downstream.Respond = (r, http) =>
        {
            if (r.Number == 1)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
            else if (r.Number == 2)
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            }
            else if (r.PathAndQuery == "/go")
            {
                http.Response.StatusCode = StatusCodes.Status302Found;
                http.Response.Headers.Location = new Uri(_other.BaseUri, "/steal").ToString();
            }

            return Task.CompletedTask;
        };
        await Run(() => client.PostAsync("/orders/1:confirm", new StringContent("{}")));
        // 2. a redirect to another host, a disallowed host, a user-scoped call without a user
        await Run(() => client.GetAsync("/go"));
        await Run(() => client.GetAsync(new Uri(_other.BaseUri, "/x")));
        _h.Context.UserToken = null;
        await Run(() => client.GetAsync("/no-user"));
        _h.Context.UserToken = userToken;
        // 3. the issuer failing after expiry, and a wrong secret
        _h.Time.Advance(TimeSpan.FromMinutes(6));
        _h.Issuer.TokenEndpointFailureStatus = 500;
        await Run(() => client.GetAsync("/issuer-down"));
        _h.Issuer.TokenEndpointFailureStatus = null;
        var wrong = _h.NewServices(new Dictionary<string, string?> { ["ServiceAuth:ClientSecret"] = WrongSecret, ["ServiceAuth:ClientAuthentication"] = "ClientSecretPost" });
        wrong.ConfigureHttpClientDefaults(b => b.RedactLoggedHeaders(_ => false));
        wrong.AddHttpClient("pricing", c => c.BaseAddress = _h.Downstream.BaseUri).AddServiceTokenHandler();
        await Run(() => _h.Build(wrong).GetRequiredService<IHttpClientFactory>().CreateClient("pricing").GetAsync("/wrong-secret"));

        string[] secrets =
        [
            .. _h.Issuer.IssuedAccessTokens,
            userToken,
            ClientHarness.Secret,
            WrongSecret,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientHarness.ClientId}:{ClientHarness.Secret}")),
            .. _h.Issuer.IssuedAccessTokens.Select(t => t.Split('.')[2]),
            userToken.Split('.')[2],
        ];
        Assert.Equal(2, _h.Issuer.IssuedAccessTokens.Count);
        Assert.Equal(5, exceptions.Count);
        var logs = _h.Logs.AllText();
        Assert.Contains(_h.Logs.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient.pricing.ClientHandler", StringComparison.Ordinal)
            && e.Level == LogLevel.Trace && e.Message.Contains("X-Service-Token", StringComparison.Ordinal));
        Assert.Contains(_h.Logs.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient.S2SAuth.TokenClient", StringComparison.Ordinal)
            && e.Message.Contains("Authorization", StringComparison.Ordinal));
        Assert.Contains(_h.Logs.Entries, e => e.EventId.Id == 2103);
        Assert.Contains(_h.Logs.Entries, e => e.EventId.Id == 2101);
        Assert.Contains(_h.Logs.Entries, e => e.EventId.Id == 2002);
        var tags = string.Join(' ', new[] { tokenRequests, refusals, rejections }
            .SelectMany(c => c.GetMeasurementSnapshot()).SelectMany(m => m.Tags.Select(t => t.Key + "=" + t.Value)));
        Assert.Contains("s2sauth.outcome=failure", tags, StringComparison.Ordinal);
        Assert.Contains("s2sauth.reason=redirect_to_disallowed_host", tags, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, tags, StringComparison.Ordinal);
            Assert.All(exceptions, e => Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Token_holders_never_print_the_token()
    {
        var token = new S2SAuth.Client.Tokens.CachedToken("eyJ.secret.sig", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5));
        var state = new S2SAuth.Client.Http.CallState(true, "eyJ.user.sig");

        Assert.DoesNotContain("secret", token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("user", state.ToString().Replace("user-scoped", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", S2SAuth.Client.Tokens.TokenResult.Success(token).ToString(), StringComparison.Ordinal);
        Assert.NotNull(new AuthenticationHeaderValue("Bearer", "x"));
    }
}
