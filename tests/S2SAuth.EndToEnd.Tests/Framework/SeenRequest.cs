namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>A request as a sample service received it, before S2SAuth ran: which headers came, and the user bearer token for tests that compare it.</summary>
public sealed record SeenRequest(string Host, string Method, string Path, string? CorrelationId, string? RequestId, string? IdempotencyKey,
    bool HasServiceToken, bool HasUserToken)
{
    /// <summary>The bearer token the request carried as the user, if any (tests compare it; never printed).</summary>
    public string? UserBearer { get; init; }

    /// <summary>Keeps the token out of assertion messages.</summary>
    public override string ToString() => $"{Method} {Host}{Path} (service token: {HasServiceToken}, user token: {HasUserToken})";
}
