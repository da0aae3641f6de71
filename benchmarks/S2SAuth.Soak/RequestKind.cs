namespace S2SAuth.Soak;

/// <summary>What a soak request is made of, so the checker knows its one right answer.</summary>
internal enum RequestKind
{
    Valid,
    WrongAudience,
    Expired,
    Forged,
    MissingPermission,
    CrossTenant,
    Revoked,
    Malformed,
}

/// <summary>The expected status and problem <c>code</c> of each <see cref="RequestKind"/>, and the mix's weights.</summary>
internal static class Expectations
{
    public static readonly RequestKind[] All = Enum.GetValues<RequestKind>();

    public static (int Status, string? Code) For(RequestKind kind) => kind switch
    {
        RequestKind.Valid => (200, null),
        RequestKind.WrongAudience => (401, "audience_invalid"),
        RequestKind.Expired => (401, "token_expired"),
        RequestKind.Forged => (401, "signature_invalid"),
        RequestKind.MissingPermission => (403, "permission_denied"),
        RequestKind.CrossTenant => (403, "tenant_mismatch"),
        RequestKind.Revoked => (401, "token_revoked"),
        RequestKind.Malformed => (401, "token_malformed"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Per 100 requests: half valid, the rest spread over the refusals.</summary>
    public static int Weight(RequestKind kind) => kind switch
    {
        RequestKind.Valid => 50,
        RequestKind.MissingPermission or RequestKind.CrossTenant or RequestKind.Revoked or RequestKind.Malformed => 8,
        _ => 6,
    };

    public static RequestKind Pick(Random random)
    {
        var n = random.Next(100);
        foreach (var kind in All)
        {
            n -= Weight(kind);
            if (n < 0)
            {
                return kind;
            }
        }

        return RequestKind.Valid;
    }
}
