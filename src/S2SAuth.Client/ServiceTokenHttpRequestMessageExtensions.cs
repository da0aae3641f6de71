namespace S2SAuth.Client;

/// <summary>Per-request choices for calls sent through <c>AddServiceTokenHandler</c>.</summary>
public static class ServiceTokenHttpRequestMessageExtensions
{
    /// <summary>Where the per-request choice is kept in <see cref="HttpRequestMessage.Options"/>: overrides <see cref="ServiceTokenHandlerOptions.UserScoped"/>.</summary>
    internal static readonly HttpRequestOptionsKey<bool> UserScopedKey = new("S2SAuth.UserScoped");

    /// <summary>Forwards the current user's token on this request, whatever the client's default; fails when there is none.</summary>
    public static HttpRequestMessage AsUserScoped(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(UserScopedKey, true);
        return request;
    }

    /// <summary>Sends this request with the service token only, never the user's, whatever the client's default.</summary>
    public static HttpRequestMessage AsServiceOnly(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(UserScopedKey, false);
        return request;
    }
}
