using Grpc.Core;
using S2SAuth.EndToEnd.Tests.Grpc.Protos;

namespace S2SAuth.EndToEnd.Tests.Grpc;

/// <summary>
/// The protected gRPC service of the tests, protected by attributes: the class needs <c>greet.say</c>, one method
/// also <c>greet.admin</c>; every reply says which service, user and correlation id the server saw.
/// </summary>
[RequireActivity(GreeterService.SayActivity, RequiredIdentities.ServiceWithOptionalUser)]
public sealed class GreeterService : Greeter.GreeterBase
{
    public const string SayActivity = "greet.say";
    public const string AdminActivity = "greet.admin";

    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context) =>
        Task.FromResult(Reply(request.Name, context));

    [RequireActivity(AdminActivity, RequiredIdentities.ServiceWithOptionalUser)]
    public override Task<HelloReply> SayHelloAdmin(HelloRequest request, ServerCallContext context) =>
        Task.FromResult(Reply("admin " + request.Name, context));

    public override async Task Count(CountRequest request, IServerStreamWriter<HelloReply> responseStream, ServerCallContext context)
    {
        for (var i = 1; i <= Math.Min(request.To, 10); i++)
        {
            await responseStream.WriteAsync(Reply(i.ToString(System.Globalization.CultureInfo.InvariantCulture), context));
        }
    }

    /// <summary>What the server saw of the call.</summary>
    internal static HelloReply Reply(string message, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var auth = http.GetServiceAuthContext();
        return new HelloReply
        {
            Message = "hello " + message,
            Service = auth?.Service?.ServiceId ?? string.Empty,
            User = auth?.User?.UserId ?? string.Empty,
            CorrelationId = auth?.Correlation.CorrelationId ?? string.Empty,
            UserTokenSeen = http.Request.Headers.Authorization.Count > 0 || http.Request.Headers.ContainsKey("X-User-Token"),
        };
    }
}
