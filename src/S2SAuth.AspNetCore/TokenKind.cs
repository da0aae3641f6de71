namespace S2SAuth;

/// <summary>Which of the two tokens of a request a verified token is.</summary>
public enum TokenKind
{
    /// <summary>The calling service's token (<c>X-Service-Token</c>).</summary>
    Service,

    /// <summary>The user's token (<c>Authorization: Bearer</c> or <c>X-User-Token</c>).</summary>
    User,
}
