namespace S2SAuth;

/// <summary>Which verified identities a request must carry to reach an endpoint (the SPEC's request types).</summary>
public enum RequiredIdentities
{
    /// <summary>Internal user-scoped call: a service token and a user token. The default.</summary>
    ServiceAndUser,

    /// <summary>Internal system job: a service token and no user token (one that is sent is refused).</summary>
    ServiceOnly,

    /// <summary>A service token; a user token may come along and is then verified and used.</summary>
    ServiceWithOptionalUser,

    /// <summary>External user request (e.g. from the gateway): a user token; a service token is optional.</summary>
    User,
}
