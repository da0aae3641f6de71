using Microsoft.IdentityModel.Protocols;

namespace S2SAuth.Keys;

/// <summary>
/// Reads the discovery document and the JWKS. Unlike IdentityModel's <c>HttpDocumentRetriever</c>, it honours the
/// cancellation token (so <see cref="ServiceAuthOptions.MetadataTimeout"/> holds on the injected clock) and does not
/// retry a 503 by itself: the cache decides when to ask again. Exceptions carry no response content.
/// </summary>
internal sealed class MetadataDocumentRetriever : IDocumentRetriever
{
    private readonly HttpClient _http;
    private readonly bool _requireHttps;

    public MetadataDocumentRetriever(HttpClient http, bool requireHttps)
    {
        _http = http;
        _requireHttps = requireHttps;
    }

    public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (!_requireHttps && uri.Scheme == Uri.UriSchemeHttp)))
        {
            throw new InvalidOperationException(_requireHttps ? "Metadata must be fetched over https." : "Metadata must be fetched over http(s).");
        }

        using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancel).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException("The issuer answered a metadata request with an error status.", null, response.StatusCode);
        }

        return await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
    }
}
