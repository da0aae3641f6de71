using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client;
using S2SAuth.EndToEnd.Tests.Grpc.Protos;
using S2SAuth.Testing;

namespace S2SAuth.EndToEnd.Tests.Grpc;

/// <summary>
/// S2SAuth's client handler on <c>AddGrpcClient&lt;T&gt;()</c>, over real HTTP/2 on loopback: the service token, the
/// incoming user token on the user-scoped client only, the correlation id, and the handler's refusals as RpcExceptions.
/// </summary>
public sealed class GrpcClientTests : IAsyncLifetime
{
    private TestIssuer _issuer = null!;
    private GrpcHost _host = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _host = await GrpcHost.StartAsync(_issuer);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task The_user_scoped_client_carries_its_service_token_the_incoming_user_token_and_correlation_id()
    {
        var userToken = _host.UserToken(RelayService.Activity, GreeterService.SayActivity);
        var callerToken = _host.ServiceToken(RelayService.Activity);

        var reply = await _host.Relay.ForwardAsync(new HelloRequest { Name = "ada" }, GrpcHost.Headers(callerToken, userToken, "chain-0042"));

        Assert.Equal("hello ada", reply.Message);
        Assert.Equal(GrpcHost.RelayClientId, reply.Service); // the relay's own token, not its caller's
        Assert.Equal("user_123", reply.User);
        Assert.True(reply.UserTokenSeen);
        Assert.Equal("chain-0042", reply.CorrelationId);
        GrpcAssert.NoSecretLogged(_host.Logs, [userToken, callerToken, .. _issuer.IssuedAccessTokens]);
    }

    [Fact]
    public async Task The_service_only_client_does_not_forward_the_user_token()
    {
        var userToken = _host.UserToken(RelayService.Activity, GreeterService.SayActivity);

        var reply = await _host.Relay.ForwardAsServiceAsync(new HelloRequest { Name = "ada" },
            GrpcHost.Headers(_host.ServiceToken(RelayService.Activity), userToken, "chain-0043"));

        Assert.Equal(GrpcHost.RelayClientId, reply.Service);
        Assert.Equal(string.Empty, reply.User);
        Assert.False(reply.UserTokenSeen);
        Assert.Equal("chain-0043", reply.CorrelationId);
    }

    [Fact]
    public async Task A_client_outside_a_request_gets_a_token_and_a_new_correlation_id()
    {
        await using var provider = ClientProvider(o => o.AllowedHosts.Add(_host.Address.GetLeftPart(UriPartial.Authority)), out _);
        var client = provider.GetRequiredService<GrpcClientFactory>().CreateClient<Greeter.GreeterClient>("greeter");

        var reply = await client.SayHelloAsync(new HelloRequest { Name = "ada" });

        Assert.Equal(GrpcHost.RelayClientId, reply.Service);
        Assert.Matches("^[A-Za-z0-9._:-]{8,}$", reply.CorrelationId);
        Assert.False(reply.UserTokenSeen);
    }

    [Fact]
    public async Task A_token_the_server_refuses_is_not_resent_and_the_next_call_carries_a_refreshed_token()
    {
        await using var provider = ClientProvider(o => o.AllowedHosts.Add(_host.Address.GetLeftPart(UriPartial.Authority)), out var logs);
        var client = provider.GetRequiredService<GrpcClientFactory>().CreateClient<Greeter.GreeterClient>("greeter");
        _host.Revocations.RevokeNext(1);

        var e = await Assert.ThrowsAsync<RpcException>(() => client.SayHelloAsync(new HelloRequest()).ResponseAsync);
        var requestsAfterRefusal = _issuer.TokenRequestCount;
        var reply = await client.SayHelloAsync(new HelloRequest { Name = "again" });

        GrpcAssert.Refused(e, StatusCode.Unauthenticated, AuthErrorCodes.TokenRevoked);
        Assert.Equal(2, requestsAfterRefusal); // the first token, then the refresh forced by the refusal
        Assert.Equal(2, _issuer.TokenRequestCount); // the second call used the refreshed token
        Assert.Equal("hello again", reply.Message);
        Assert.Single(logs.Entries, l => l.EventId.Id == 2501);
    }

    [Fact]
    public async Task A_user_scoped_call_without_a_user_fails_as_an_RpcException_carrying_the_refusal_and_sends_nothing()
    {
        await using var provider = ClientProvider(o =>
        {
            o.AllowedHosts.Add(_host.Address.GetLeftPart(UriPartial.Authority));
            o.UserScoped = true;
        }, out var logs);
        var client = provider.GetRequiredService<GrpcClientFactory>().CreateClient<Greeter.GreeterClient>("greeter");

        var e = await Assert.ThrowsAsync<RpcException>(() => client.SayHelloAsync(new HelloRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        var refusal = Assert.IsType<OutgoingCallRefusedException>(e.Status.DebugException);
        Assert.Equal(OutgoingCallRefusalReason.UserTokenMissing, refusal.Reason);
        Assert.Same(refusal, e.InnerException);
        Assert.Equal(0, _host.CallCount); // nothing was sent
        GrpcAssert.NoSecretLogged(logs, [.. _issuer.IssuedAccessTokens, GrpcHost.RelaySecret]);
    }

    [Fact]
    public async Task No_service_token_to_be_had_fails_the_call_as_an_RpcException_before_it_is_sent()
    {
        await using var provider = ClientProvider(o => o.AllowedHosts.Add(_host.Address.GetLeftPart(UriPartial.Authority)), out var logs);
        var client = provider.GetRequiredService<GrpcClientFactory>().CreateClient<Greeter.GreeterClient>("greeter");
        _issuer.IsAvailable = false;

        var e = await Assert.ThrowsAsync<RpcException>(() => client.SayHelloAsync(new HelloRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.IsType<ServiceTokenUnavailableException>(e.InnerException);
        Assert.Equal(0, _host.CallCount);
        GrpcAssert.NoSecretLogged(logs, GrpcHost.RelaySecret);
    }

    [Fact]
    public async Task A_gRPC_client_without_AllowedHosts_fails_when_it_is_built_and_sends_nothing()
    {
        // AddGrpcClient sets the channel's address, not the HttpClient's BaseAddress: the default cannot apply.
        await using var provider = ClientProvider(_ => { }, out _);

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<GrpcClientFactory>().CreateClient<Greeter.GreeterClient>("greeter"));

        Assert.Contains("AllowedHosts", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _host.CallCount);
        Assert.Equal(0, _issuer.TokenRequestCount);
    }

    /// <summary>A client app (no ASP.NET Core request) with one gRPC client "greeter" to the host, through S2SAuth.</summary>
    private ServiceProvider ClientProvider(Action<ServiceTokenHandlerOptions> configure, out LogCapture logs)
    {
        var services = new ServiceCollection();
        var capture = new LogCapture();
        logs = capture;
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        services.AddServiceTokenClient(configure: o =>
        {
            o.Authority = _issuer.Authority;
            o.ClientId = GrpcHost.RelayClientId;
            o.ClientSecret = GrpcHost.RelaySecret;
            o.RequireHttpsMetadata = false;
        });
        services.AddGrpcClient<Greeter.GreeterClient>("greeter", o => o.Address = _host.Address)
            .AddServiceTokenHandler(o =>
            {
                o.Audience = GrpcHost.Audience;
                o.Scopes.Add(GreeterService.SayActivity);
                configure(o);
            });
        return services.BuildServiceProvider();
    }
}
