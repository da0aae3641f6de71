namespace S2SAuth.OpenApi;

/// <summary>The <c>code</c>s of the problems an endpoint can answer with, by status, from its protection.</summary>
internal static class ProblemResponses
{
    /// <summary>401 codes of any verified token, whichever the identities.</summary>
    private static readonly string[] TokenCodes =
    [
        AuthErrorCodes.MultipleTokens, AuthErrorCodes.TokenMalformed, AuthErrorCodes.TokenTooLarge,
        AuthErrorCodes.AlgorithmNotAllowed, AuthErrorCodes.CriticalHeaderUnsupported, AuthErrorCodes.UnknownSigningKey,
        AuthErrorCodes.SignatureInvalid, AuthErrorCodes.TokenExpired, AuthErrorCodes.TokenNotYetValid,
        AuthErrorCodes.TokenLifetimeInvalid, AuthErrorCodes.ClaimMissing, AuthErrorCodes.IssuerInvalid,
        AuthErrorCodes.AudienceInvalid, AuthErrorCodes.TokenTypeInvalid, AuthErrorCodes.TokenTypeUnrecognized,
        AuthErrorCodes.EnvironmentMismatch, AuthErrorCodes.TokenInvalid,
    ];

    public static IReadOnlyList<string> Unauthorized(EndpointProtection p)
    {
        var codes = new List<string>();
        if (p.NeedsService)
        {
            codes.Add(AuthErrorCodes.ServiceTokenMissing);
        }

        if (p.NeedsUser)
        {
            codes.Add(AuthErrorCodes.UserTokenMissing);
        }

        codes.AddRange(TokenCodes);
        return codes;
    }

    public static IReadOnlyList<string> Forbidden(EndpointProtection p)
    {
        var codes = new List<string> { AuthErrorCodes.Forbidden };
        if (!p.AcceptsUser)
        {
            codes.Add(AuthErrorCodes.UserTokenNotAllowed);
        }

        if (p.Activities.Count > 0)
        {
            if (p.NeedsService)
            {
                codes.Add(AuthErrorCodes.ScopeMissing);
            }

            if (p.AcceptsUser)
            {
                codes.Add(AuthErrorCodes.PermissionDenied);
            }
        }

        if (p.TenantParameters.Count > 0)
        {
            codes.AddRange([AuthErrorCodes.TenantMismatch, AuthErrorCodes.TenantMissing, AuthErrorCodes.TenantInvalid]);
            if (p.TenantParameters.Any(t => t.Source == TenantParameterSource.Body))
            {
                codes.Add(AuthErrorCodes.TenantUnreadable);
            }
        }

        if (p.AllowCrossTenant)
        {
            codes.Add(AuthErrorCodes.CrossTenantNotAllowed);
        }

        return codes;
    }

    public static IReadOnlyList<string> Unavailable(EndpointProtection p)
    {
        var codes = new List<string> { AuthErrorCodes.SigningKeysUnavailable, AuthErrorCodes.TokenCheckUnavailable };
        if (p.Activities.Count > 0 && p.AcceptsUser)
        {
            codes.Add(AuthErrorCodes.PermissionSourceUnavailable);
        }

        return codes;
    }
}
