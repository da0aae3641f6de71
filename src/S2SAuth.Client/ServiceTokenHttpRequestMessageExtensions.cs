using S2SAuth.Client.Http;

namespace S2SAuth.Client;

/// <summary>Per-request choices for calls sent through <c>AddServiceTokenHandler</c>.</summary>
public static class ServiceTokenHttpRequestMessageExtensions
{
    /// <summary>Forwards the current user's token on this request, whatever the client's default; fails when there is none.</summary>
    public static HttpRequestMessage AsUserScoped(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(CallOptionKeys.UserScoped, true);
        return request;
    }

    /// <summary>Sends this request with the service token only, never the user's, whatever the client's default.</summary>
    public static HttpRequestMessage AsServiceOnly(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(CallOptionKeys.UserScoped, false);
        return request;
    }
}
