namespace S2SAuth.Client;

/// <summary>The header that carries the user token on user-scoped calls.</summary>
public enum UserTokenHeader
{
    /// <summary><c>Authorization: Bearer &lt;token&gt;</c> (default).</summary>
    Authorization = 0,

    /// <summary><c>X-User-Token: &lt;token&gt;</c>, for downstreams that keep <c>Authorization</c> for something else.</summary>
    XUserToken = 1,
}
