namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>How the client authenticates at the token endpoint (RFC 6749 §2.3.1).</summary>
public enum ClientAuthentication
{
    /// <summary><c>client_secret_basic</c>: HTTP Basic with the url-encoded id and secret.</summary>
    Basic,

    /// <summary><c>client_secret_post</c>: id and secret in the form body.</summary>
    Post,
}
