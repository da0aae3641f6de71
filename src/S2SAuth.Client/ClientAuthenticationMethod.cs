namespace S2SAuth.Client;

/// <summary>How the service authenticates to the token endpoint (RFC 6749 §2.3.1).</summary>
public enum ClientAuthenticationMethod
{
    /// <summary><c>client_secret_basic</c>: HTTP Basic authentication with the form-encoded id and secret.</summary>
    ClientSecretBasic = 0,

    /// <summary><c>client_secret_post</c>: <c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    ClientSecretPost = 1,
}
