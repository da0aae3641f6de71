using System.Net;
using System.Net.Http.Json;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.SignedRequests.Framework;
using static S2SAuth.AspNetCore.Tests.SignedRequests.Framework.RequestSigning;

namespace S2SAuth.AspNetCore.Tests.SignedRequests;

/// <summary>Signed requests over real Kestrel sockets on 127.0.0.1: the authority with its port, the raw target with percent-encoding, the body read twice.</summary>
public sealed class SignedRequestKestrelTests : IClassFixture<IssuerFixture>
{
    private readonly IssuerFixture _fixture;

    public SignedRequestKestrelTests(IssuerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_signed_request_over_a_real_socket_is_accepted_once_and_its_replay_refused()
    {
        await using var api = await SignedApi.StartAsync(_fixture.Issuer, kestrel: true);
        const string body = "{\"note\":\"caf\\u00e9 a+b\"}";
        var request = Signed(HttpMethod.Post, api.Uri("/signed?q=a%20b&name=J%C3%BCrgen"), api.Time.GetUtcNow(), SignedKeys.EcdsaId, body);
        var replay = SignedRequestTests.Copy(request, HttpMethod.Post, request.RequestUri!);

        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = (await response.Content.ReadFromJsonAsync<SignedCaller>())!;
        Assert.Equal("orders-service", caller.Service);
        Assert.Equal(body, caller.Body);
        Assert.StartsWith("127.0.0.1:", request.RequestUri!.Authority, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await api.SendAsync(replay), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureReplayed);
    }
}
