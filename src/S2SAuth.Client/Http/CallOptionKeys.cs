namespace S2SAuth.Client.Http;

/// <summary>Keys S2SAuth keeps in <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class CallOptionKeys
{
    /// <summary>Per-request override of <see cref="ServiceTokenHandlerOptions.UserScoped"/>.</summary>
    public static readonly HttpRequestOptionsKey<bool> UserScoped = new("S2SAuth.UserScoped");

    /// <summary>The logical call's state, shared by the outer and the per-attempt handler.</summary>
    public static readonly HttpRequestOptionsKey<CallState> State = new("S2SAuth.CallState");
}
