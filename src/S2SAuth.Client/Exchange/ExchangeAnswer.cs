using S2SAuth.Client.Tokens;

namespace S2SAuth.Client.Exchange;

/// <summary>
/// What the exchange gave a call: the token to send as the user, or why the call is refused (and the issuer's error
/// code, safe to log). A cached answer is shared by every call it serves. Deliberately not a record: its text form must
/// never show the token.
/// </summary>
internal sealed class ExchangeAnswer
{
    private ExchangeAnswer(CachedToken? token, OutgoingCallRefusalReason refusal, string error)
    {
        Token = token;
        Refusal = refusal;
        Error = error;
    }

    public CachedToken? Token { get; }

    public OutgoingCallRefusalReason Refusal { get; }

    /// <summary>Why there is no token: the issuer's OAuth2 error code, a failure reason, or the scope the subject lacks.</summary>
    public string Error { get; }

    public static ExchangeAnswer Of(CachedToken token) => new(token, default, "none");

    public static ExchangeAnswer Failed(string error) => new(null, OutgoingCallRefusalReason.UserTokenExchangeFailed, error);

    public static ExchangeAnswer NotNarrower(string error) => new(null, OutgoingCallRefusalReason.UserTokenExchangeNotNarrower, error);

    public override string ToString() => Token is null ? $"refused {Refusal} ({Error})" : "exchanged token";
}
