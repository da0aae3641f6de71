namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>A request as a sample service received it, before S2SAuth ran: which headers came (never their token values).</summary>
public sealed record SeenRequest(string Host, string Method, string Path, string? CorrelationId, string? RequestId, string? IdempotencyKey,
    bool HasServiceToken, bool HasUserToken);
