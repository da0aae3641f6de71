namespace S2SAuth.Verification;

/// <summary>Which of the two tokens of a request is being verified.</summary>
internal enum TokenKind
{
    Service,
    User,
}
