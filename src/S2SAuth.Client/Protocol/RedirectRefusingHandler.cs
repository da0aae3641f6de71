using Microsoft.Extensions.Logging;
using S2SAuth.Client.Logging;

namespace S2SAuth.Client.Protocol;

/// <summary>
/// Innermost handler of a protocol client: any 3xx answer becomes a <see cref="ProtocolRedirectException"/>, so no
/// handler above it can follow the redirect and no caller can mistake it for an answer. The transport's own
/// auto-redirect is off (<see cref="TransportRedirects"/>), so the redirect's target received nothing.
/// </summary>
internal sealed class RedirectRefusingHandler : DelegatingHandler
{
    private readonly string _clientName;
    private readonly ILogger _logger;

    public RedirectRefusingHandler(string clientName, ILogger logger)
    {
        _clientName = clientName;
        _logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Check(request, await base.SendAsync(request, cancellationToken).ConfigureAwait(false));

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Check(request, base.Send(request, cancellationToken));

    private HttpResponseMessage Check(HttpRequestMessage request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is < 300 or > 399)
        {
            return response;
        }

        var location = response.Headers.Location;
        var target = location is null ? null
            : location.IsAbsoluteUri ? location
            : request.RequestUri is { IsAbsoluteUri: true } current ? new Uri(current, location) : null;
        Log.ProtocolRedirectRefused(_logger, _clientName, status, target?.Authority is { Length: > 0 } host ? host : "(none)");
        response.Dispose();
        throw new ProtocolRedirectException(_clientName, response.StatusCode);
    }
}
