namespace S2SAuth.Authentication;

/// <summary>
/// An authentication failure handed to ASP.NET Core as <c>AuthenticateResult.Fail</c>. Its message is the
/// safe detail S2SAuth wrote itself: never a token or an IdentityModel message.
/// </summary>
internal sealed class AuthFailure : Exception
{
    public AuthFailure(string code, string detail)
        : base(detail) => Code = code;

    public AuthFailure()
        : this(AuthErrorCodes.TokenInvalid, "Authentication failed.")
    {
    }

    public AuthFailure(string message, Exception innerException)
        : base(message, innerException) => Code = AuthErrorCodes.TokenInvalid;

    public string Code { get; }
}
