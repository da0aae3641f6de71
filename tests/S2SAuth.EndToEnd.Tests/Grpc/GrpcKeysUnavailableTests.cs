using Grpc.Core;
using S2SAuth.EndToEnd.Tests.Grpc.Protos;
using S2SAuth.Testing;

namespace S2SAuth.EndToEnd.Tests.Grpc;

/// <summary>When the issuer's keys cannot be had, a gRPC call is refused as Unavailable, with a retry pushback.</summary>
public sealed class GrpcKeysUnavailableTests
{
    [Fact]
    public async Task Issuer_keys_unavailable_is_Unavailable_signing_keys_unavailable_with_a_retry_pushback()
    {
        await using var issuer = await TestIssuer.StartAsync();
        var token = issuer.ServiceToken("orders-service", GrpcHost.Audience, [GreeterService.SayActivity]).Build();
        issuer.IsAvailable = false;
        await using var host = await GrpcHost.StartAsync(issuer);

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            host.Greeter.SayHelloAsync(new HelloRequest(), GrpcHost.Headers(token)).ResponseAsync);

        GrpcAssert.Refused(e, StatusCode.Unavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Equal("1000", e.Trailers.GetValue("grpc-retry-pushback-ms"));
        GrpcAssert.NoSecretLogged(host.Logs, token);
    }
}
