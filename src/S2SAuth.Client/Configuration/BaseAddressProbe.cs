using Microsoft.Extensions.Http;

namespace S2SAuth.Client.Configuration;

/// <summary>
/// Finds the BaseAddress a named client gets from its <c>AddHttpClient(..., c =&gt; c.BaseAddress = ...)</c> actions,
/// by running them on a client that can send nothing. A BaseAddress set elsewhere (a typed client's constructor)
/// is not seen: such clients name their AllowedHosts.
/// </summary>
internal static class BaseAddressProbe
{
    public static Uri? Find(HttpClientFactoryOptions options)
    {
        if (options.HttpClientActions.Count == 0)
        {
            return null;
        }

        using var client = new HttpClient(new NothingSent(), disposeHandler: true);
        foreach (var action in options.HttpClientActions)
        {
            action(client);
        }

        return client.BaseAddress;
    }

    private sealed class NothingSent : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The BaseAddress probe sends nothing.");
    }
}
