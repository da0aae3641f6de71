using Grpc.Core;
using S2SAuth.EndToEnd.Tests.Grpc.Protos;
using S2SAuth.Testing;

namespace S2SAuth.EndToEnd.Tests.Grpc;

/// <summary>
/// A real gRPC server over HTTP/2 on loopback: S2SAuth's activities on gRPC services and methods (attribute and
/// convention), and its refusals as gRPC statuses with the S2SAuth code and correlation id in the trailers.
/// </summary>
public sealed class GrpcServerTests : IAsyncLifetime
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
    public async Task A_call_with_the_activity_is_allowed_and_the_service_sees_the_caller_and_correlation_id()
    {
        var reply = await _host.Greeter.SayHelloAsync(new HelloRequest { Name = "ada" },
            GrpcHost.Headers(_host.ServiceToken(GreeterService.SayActivity), correlationId: "grpc-0001"));

        Assert.Equal("hello ada", reply.Message);
        Assert.Equal("orders-service", reply.Service);
        Assert.Equal("grpc-0001", reply.CorrelationId);
    }

    [Fact]
    public async Task No_token_is_Unauthenticated_with_the_code_and_correlation_id_in_the_trailers()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Greeter.SayHelloAsync(new HelloRequest { Name = "ada" }, GrpcHost.Headers(correlationId: "grpc-0002")).ResponseAsync);

        GrpcAssert.Refused(e, StatusCode.Unauthenticated, AuthErrorCodes.ServiceTokenMissing, "grpc-0002");
    }

    [Fact]
    public async Task A_forged_token_is_Unauthenticated_signature_invalid()
    {
        var token = _host.ServiceToken(GreeterService.SayActivity);
        var forged = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Greeter.SayHelloAsync(new HelloRequest(), GrpcHost.Headers(forged)).ResponseAsync);

        GrpcAssert.Refused(e, StatusCode.Unauthenticated, AuthErrorCodes.SignatureInvalid);
        GrpcAssert.NoSecretLogged(_host.Logs, token, forged);
    }

    [Fact]
    public async Task An_expired_token_is_Unauthenticated_token_expired()
    {
        var expired = _issuer.ServiceToken("orders-service", GrpcHost.Audience, [GreeterService.SayActivity]).ExpiresIn(TimeSpan.FromMinutes(-10)).Build();

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Greeter.SayHelloAsync(new HelloRequest(), GrpcHost.Headers(expired)).ResponseAsync);

        GrpcAssert.Refused(e, StatusCode.Unauthenticated, AuthErrorCodes.TokenExpired);
        GrpcAssert.NoSecretLogged(_host.Logs, expired);
    }

    [Fact]
    public async Task A_token_without_the_class_activity_is_PermissionDenied_scope_missing()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Greeter.SayHelloAsync(new HelloRequest(), GrpcHost.Headers(_host.ServiceToken("other.thing"))).ResponseAsync);

        GrpcAssert.Refused(e, StatusCode.PermissionDenied, AuthErrorCodes.ScopeMissing);
    }

    [Fact]
    public async Task The_method_attribute_adds_its_activity_to_the_class_activity()
    {
        var sayOnly = _host.ServiceToken(GreeterService.SayActivity);
        var adminOnly = _host.ServiceToken(GreeterService.AdminActivity);
        var both = _host.ServiceToken(GreeterService.SayActivity, GreeterService.AdminActivity);

        var withSayOnly = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Greeter.SayHelloAdminAsync(new HelloRequest(), GrpcHost.Headers(sayOnly)).ResponseAsync);
        var withAdminOnly = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Greeter.SayHelloAdminAsync(new HelloRequest(), GrpcHost.Headers(adminOnly)).ResponseAsync);
        var reply = await _host.Greeter.SayHelloAdminAsync(new HelloRequest { Name = "ada" }, GrpcHost.Headers(both));

        GrpcAssert.Refused(withSayOnly, StatusCode.PermissionDenied, AuthErrorCodes.ScopeMissing);
        GrpcAssert.Refused(withAdminOnly, StatusCode.PermissionDenied, AuthErrorCodes.ScopeMissing);
        Assert.Equal("hello admin ada", reply.Message);
    }

    [Fact]
    public async Task A_server_streaming_method_is_protected_and_streams_when_allowed()
    {
        using var refused = _host.Greeter.Count(new CountRequest { To = 3 }, GrpcHost.Headers());
        var e = await Assert.ThrowsAsync<RpcException>(() => refused.ResponseStream.MoveNext(CancellationToken.None));
        GrpcAssert.Refused(e, StatusCode.Unauthenticated, AuthErrorCodes.ServiceTokenMissing);

        using var allowed = _host.Greeter.Count(new CountRequest { To = 3 }, GrpcHost.Headers(_host.ServiceToken(GreeterService.SayActivity)));
        var messages = new List<string>();
        while (await allowed.ResponseStream.MoveNext(CancellationToken.None))
        {
            messages.Add(allowed.ResponseStream.Current.Message);
        }

        Assert.Equal(["hello 1", "hello 2", "hello 3"], messages);
    }

    [Fact]
    public async Task The_convention_on_MapGrpcService_protects_every_method_of_the_service()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Relay.ForwardAsServiceAsync(new HelloRequest(), GrpcHost.Headers(_host.ServiceToken(GreeterService.SayActivity))).ResponseAsync);

        GrpcAssert.Refused(e, StatusCode.PermissionDenied, AuthErrorCodes.ScopeMissing);
    }

    [Fact]
    public async Task A_user_without_the_permission_is_PermissionDenied_permission_denied()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _host.Greeter.SayHelloAsync(new HelloRequest(),
            GrpcHost.Headers(_host.ServiceToken(GreeterService.SayActivity), _host.UserToken("other.thing"))).ResponseAsync);

        GrpcAssert.Refused(e, StatusCode.PermissionDenied, AuthErrorCodes.PermissionDenied);
    }
}
