namespace S2SAuth.Authorization;

/// <summary>The human-readable detail of a refusal whose decision gave none: says what the caller must send.</summary>
internal static class RefusalDetails
{
    public static string? For(string code) => code switch
    {
        AuthErrorCodes.ServiceTokenMissing => "This endpoint needs the calling service's token in X-Service-Token.",
        AuthErrorCodes.UserTokenMissing => "This endpoint needs the user's token (Authorization: Bearer, or X-User-Token).",
        AuthErrorCodes.UserTokenNotAllowed => "This endpoint serves service-only calls and takes no user token.",
        _ => null,
    };
}
