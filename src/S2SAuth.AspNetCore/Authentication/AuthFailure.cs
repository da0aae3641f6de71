using S2SAuth.Http;

namespace S2SAuth.Authentication;

/// <summary>
/// An authentication failure handed to ASP.NET Core as <c>AuthenticateResult.Fail</c>: it carries the request's
/// <see cref="Http.Refusal"/>, the same record the problem response is written from. Its message is the safe detail
/// S2SAuth wrote itself: never a token or an IdentityModel message.
/// </summary>
internal sealed class AuthFailure : Exception
{
    public AuthFailure(Refusal refusal)
        : base(refusal.Detail) => Refusal = refusal;

    public AuthFailure()
        : this(Refusal.Authentication(AuthErrorCodes.TokenInvalid, "Authentication failed."))
    {
    }

    public AuthFailure(string message, Exception innerException)
        : base(message, innerException) => Refusal = Refusal.Authentication(AuthErrorCodes.TokenInvalid, message);

    public Refusal Refusal { get; }
}
