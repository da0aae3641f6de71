using Microsoft.Extensions.Logging;
using S2SAuth.Logging;
using S2SAuth.Telemetry;
using S2SAuth.Verification;

namespace S2SAuth.Revocation;

/// <summary>
/// The revocation step of <c>CachedTokenVerifier</c>: a direct call (no <see cref="ITokenCheck"/> dispatch, no
/// <see cref="ValueTask"/>) into <see cref="RevocationState.Check"/>, and the refusal it answers. Allowed tokens cost
/// a few field reads (and one dictionary lookup per non-empty table); a refusal is logged (1303) and counted.
/// </summary>
internal sealed class RevocationCheck(RevocationState state, RevocationMetrics metrics, ILogger<RevocationCheck> logger)
{
    public bool Refuses(VerifiedTokenInfo token, long nowUtcTicks, out VerificationResult refusal)
    {
        var verdict = state.Check(token, nowUtcTicks);
        if (verdict == RevocationVerdict.Allowed)
        {
            refusal = default;
            return false;
        }

        refusal = verdict switch
        {
            RevocationVerdict.TokenRevoked => VerificationResult.Fail(AuthErrorCodes.TokenRevoked, "The token has been revoked.", "jti"),
            RevocationVerdict.SubjectCutOff => VerificationResult.Fail(AuthErrorCodes.TokenRevoked, "Tokens of this subject issued before a cut-off have been revoked; get a new token.", "iat"),
            RevocationVerdict.Overflow => VerificationResult.Fail(AuthErrorCodes.RevocationStateOverflow, "Revocations cannot be checked right now; try again later."),
            _ => VerificationResult.Fail(AuthErrorCodes.RevocationStateStale, "Revocations cannot be checked right now; try again later."),
        };
        metrics.Refused(refusal.ErrorCode!);
        if (verdict is RevocationVerdict.TokenRevoked or RevocationVerdict.SubjectCutOff)
        {
            Log.RevokedTokenRefused(logger, token.Kind == TokenKind.Service ? "Service" : "User", token.TokenId, token.Subject,
                verdict == RevocationVerdict.TokenRevoked ? "revoked" : "subject cut off");
        }

        return true;
    }
}
