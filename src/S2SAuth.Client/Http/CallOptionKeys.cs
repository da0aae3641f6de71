namespace S2SAuth.Client.Http;

/// <summary>Keys S2SAuth keeps in <see cref="HttpRequestMessage.Options"/> (the per-request user-scoped choice is <see cref="ServiceTokenHttpRequestMessageExtensions.UserScopedKey"/>).</summary>
internal static class CallOptionKeys
{
    /// <summary>The logical call's state, shared by the outer and the per-attempt handler.</summary>
    public static readonly HttpRequestOptionsKey<CallState> State = new("S2SAuth.CallState");
}
