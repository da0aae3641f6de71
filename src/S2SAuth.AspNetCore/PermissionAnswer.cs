namespace S2SAuth;

/// <summary>The answer of an <see cref="IPermissionSource"/>.</summary>
public enum PermissionAnswer
{
    /// <summary>The source could not answer (down, timed out, unreadable answer): the request is refused (fail closed).</summary>
    Unavailable,

    /// <summary>The user holds the activity.</summary>
    Granted,

    /// <summary>The user does not hold the activity.</summary>
    Denied,
}
