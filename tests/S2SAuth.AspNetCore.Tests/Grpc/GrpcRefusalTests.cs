using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.Idempotency.Framework;
using S2SAuth.Client.Http;
using S2SAuth.Client.Resilience;
using S2SAuth.Http;

namespace S2SAuth.AspNetCore.Tests.Grpc;

/// <summary>
/// In-process checks of the gRPC refusal writer (no gRPC library: a request with a gRPC content type is enough) and of
/// the client's rule that a gRPC call is never retried at the HTTP level.
/// </summary>
public sealed class GrpcRefusalTests : IClassFixture<IssuerFixture>
{
    private readonly IssuerFixture _issuer;

    public GrpcRefusalTests(IssuerFixture issuer) => _issuer = issuer;

    [Theory]
    [InlineData(400, 3)]
    [InlineData(401, 16)]
    [InlineData(403, 7)]
    [InlineData(408, 4)]
    [InlineData(409, 10)]
    [InlineData(413, 8)]
    [InlineData(422, 9)]
    [InlineData(429, 8)]
    [InlineData(500, 13)]
    [InlineData(503, 14)]
    [InlineData(418, 2)]
    public void Each_refusal_status_has_its_gRPC_status(int http, int grpc) => Assert.Equal(grpc, GrpcRefusal.StatusOf(http));

    [Theory]
    [InlineData("The request carries no service token.", "The request carries no service token.")]
    [InlineData("50% über\nthat", "50%25 %C3%BCber%0Athat")]
    public void The_message_is_percent_encoded_as_the_gRPC_spec_says(string message, string encoded) =>
        Assert.Equal(encoded, GrpcRefusal.EncodeMessage(message));

    [Theory]
    [InlineData("application/grpc", "application/grpc")]
    [InlineData("application/grpc+proto", "application/grpc")]
    [InlineData("application/grpc-web", "application/grpc-web")]
    [InlineData("application/grpc-web-text", "application/grpc-web-text")]
    public async Task A_gRPC_call_without_a_token_gets_a_trailers_only_Unauthenticated(string requestType, string responseType)
    {
        await using var api = await StartAsync();

        using var response = await api.Client.SendAsync(GrpcRequest("/rpc", requestType, "corr-0001"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(responseType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("16", Header(response, "grpc-status"));
        Assert.Equal(AuthErrorCodes.ServiceTokenMissing, Header(response, "s2sauth-code"));
        Assert.Equal("corr-0001", Header(response, "s2sauth-correlation-id"));
        Assert.False(string.IsNullOrEmpty(Header(response, "grpc-message")));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task The_same_call_without_a_gRPC_content_type_gets_the_problem_document()
    {
        await using var api = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rpc") { Content = new StringContent("{}", null, "application/json") };

        using var response = await api.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ServiceTokenMissing);
        Assert.False(response.Headers.Contains("grpc-status"));
    }

    [Fact]
    public async Task A_missing_activity_is_PermissionDenied_with_the_exact_code()
    {
        await using var api = await StartAsync();
        var request = GrpcRequest("/rpc", "application/grpc", null);
        request.Headers.Add("X-Service-Token", api.ServiceToken("orders-service", "other.activity").Build());

        using var response = await api.Client.SendAsync(request);

        Assert.Equal("7", Header(response, "grpc-status"));
        Assert.Equal(AuthErrorCodes.ScopeMissing, Header(response, "s2sauth-code"));
    }

    [Fact]
    public async Task An_idempotency_refusal_of_a_gRPC_call_is_a_gRPC_status_too()
    {
        await using var idempotent = await IdempotentApi.StartAsync(_issuer.Issuer);
        var request = GrpcRequest("/orders/o-1", "application/grpc", null);
        request.Headers.Add("X-Service-Token", idempotent.Api.ServiceToken().Build());

        using var response = await idempotent.Api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", Header(response, "grpc-status"));
        Assert.Equal(AuthErrorCodes.IdempotencyKeyMissing, Header(response, "s2sauth-code"));
    }

    [Fact]
    public void A_gRPC_call_is_never_retried_by_the_HTTP_resilience_handler_even_with_an_idempotency_key()
    {
        using var grpc = GrpcRequest("http://127.0.0.1/pkg.Service/Method", "application/grpc", null);
        using var post = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/orders") { Content = new StringContent("{}") };
        foreach (var request in new[] { grpc, post })
        {
            request.Options.Set(CallOptionKeys.State, new CallState(userScoped: false, userToken: null, retryWithIdempotencyKey: true));
            request.Headers.TryAddWithoutValidation(OutgoingHeaders.IdempotencyKey, "key-1");
        }

        var notSent = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));
        Assert.False(RetryRules.MayRetry(grpc, failure: null));
        Assert.False(RetryRules.MayRetry(grpc, notSent));
        Assert.True(RetryRules.MayRetry(post, failure: null)); // the same POST that is not gRPC may be
        Assert.True(GrpcCalls.IsGrpc(grpc));
        Assert.False(GrpcCalls.IsGrpc(post));
    }

    private async Task<TestApi> StartAsync() => await TestApi.StartAsync(_issuer.Issuer, endpoints: app =>
        app.MapPost("/rpc", () => "ok").RequireActivity("order.confirm", RequiredIdentities.ServiceOnly));

    private static HttpRequestMessage GrpcRequest(string path, string contentType, string? correlationId)
    {
        var content = new ByteArrayContent([0, 0, 0, 0, 0]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (correlationId is not null)
        {
            request.Headers.Add("X-Correlation-Id", correlationId);
        }

        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
