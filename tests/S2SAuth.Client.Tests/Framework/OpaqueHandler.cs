using System.Net;

namespace S2SAuth.Client.Tests.Framework;

/// <summary>A primary handler S2SAuth cannot look into (not a DelegatingHandler, not a known transport): answers a fixed status.</summary>
public sealed class OpaqueHandler : HttpMessageHandler
{
    public HttpStatusCode Status { get; init; } = HttpStatusCode.OK;

    public Uri? Location { get; init; }

    public int Requests { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        var response = new HttpResponseMessage(Status) { RequestMessage = request };
        response.Headers.Location = Location;
        return Task.FromResult(response);
    }
}
