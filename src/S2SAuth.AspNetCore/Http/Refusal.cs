using Microsoft.AspNetCore.Http;

namespace S2SAuth.Http;

/// <summary>
/// The refusal of a request: the status and stable code to answer with, and a safe detail (S2SAuth's own words, never
/// token content). Made where the decision is made (authentication, an S2SAuth authorization requirement, the
/// tenant-conflict check), carried on the request as a feature (the public <see cref="ServiceAuthContext"/> holds none),
/// and answered in one place, <see cref="ProblemResponder"/>, by the scheme's challenge or the authorization result handler.
/// </summary>
internal sealed record Refusal(int Status, string Code, string? Detail)
{
    /// <summary>The claim or header at fault (<c>jti</c>, <c>type</c>, <c>typ</c>...), never its value: the problem's <c>claim</c> member.</summary>
    public string? Claim { get; init; }

    /// <summary>Whether authentication decided it (a token failed, or the token headers cannot be read): it then stands whatever the policy.</summary>
    public bool ByAuthentication { get; private init; }

    /// <summary>An authentication failure: 503 when no signing keys can be had, a token check cannot answer, no introspection answer can be had or the revocation state is stale or overflowed, a certificate's revocation list is unavailable, or a replay check cannot be made; 413 when a signed request's body is too large to check; else 401.</summary>
    public static Refusal Authentication(string code, string? detail, string? claim = null) =>
        new(code is AuthErrorCodes.ContentDigestTooLarge ? StatusCodes.Status413PayloadTooLarge : code is AuthErrorCodes.SigningKeysUnavailable or AuthErrorCodes.TokenCheckUnavailable or AuthErrorCodes.IntrospectionUnavailable
            or AuthErrorCodes.RevocationStateStale or AuthErrorCodes.RevocationStateOverflow or AuthErrorCodes.CertificateRevocationUnavailable
            or AuthErrorCodes.ReplayCheckUnavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status401Unauthorized, code, detail)
        {
            ByAuthentication = true,
            Claim = claim,
        };

    /// <summary>The request's refusal, if one was decided.</summary>
    public static Refusal? Of(HttpContext http) => http.Features.Get<Refusal>();

    /// <summary>The request's refusal if authentication decided it.</summary>
    public static Refusal? OfAuthentication(HttpContext http) => Of(http) is { ByAuthentication: true } refusal ? refusal : null;

    /// <summary>
    /// Keeps this refusal on the request: authentication's always (it runs before any requirement decides), a
    /// requirement's only when none was kept before (the first refusal is the one answered).
    /// </summary>
    public Refusal KeepOn(HttpContext http)
    {
        if (ByAuthentication || Of(http) is null)
        {
            http.Features.Set(this);
        }

        return this;
    }
}
