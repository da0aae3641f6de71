using Grpc.Core;
using Grpc.Net.ClientFactory;
using S2SAuth.EndToEnd.Tests.Grpc.Protos;

namespace S2SAuth.EndToEnd.Tests.Grpc;

/// <summary>
/// A gRPC service that calls <see cref="GreeterService"/> while handling a call, through the gRPC clients registered
/// with <c>AddGrpcClient&lt;T&gt;(...).AddServiceTokenHandler(...)</c>: <c>Forward</c> on the user-scoped client,
/// <c>ForwardAsService</c> on the service-only one. It answers what the downstream saw. Protected by the convention
/// (<c>MapGrpcService&lt;RelayService&gt;().RequireActivity(...)</c>), not by an attribute.
/// </summary>
public sealed class RelayService : Relay.RelayBase
{
    public const string Activity = "relay.forward";
    public const string UserClient = "greeter-user";
    public const string ServiceClient = "greeter-service-only";

    private readonly GrpcClientFactory _clients;

    public RelayService(GrpcClientFactory clients) => _clients = clients;

    public override async Task<HelloReply> Forward(HelloRequest request, ServerCallContext context) =>
        await _clients.CreateClient<Greeter.GreeterClient>(UserClient).SayHelloAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<HelloReply> ForwardAsService(HelloRequest request, ServerCallContext context) =>
        await _clients.CreateClient<Greeter.GreeterClient>(ServiceClient).SayHelloAsync(request, cancellationToken: context.CancellationToken);
}
