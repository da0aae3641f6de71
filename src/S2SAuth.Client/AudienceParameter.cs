namespace S2SAuth.Client;

/// <summary>The token request parameter that carries a downstream client's audience.</summary>
public enum AudienceParameter
{
    /// <summary>An <c>audience</c> form field (Auth0, OpenIddict and most issuers that accept a plain audience name).</summary>
    Audience = 0,

    /// <summary>A <c>resource</c> form field (RFC 8707 resource indicators; the audience must then be an absolute URI).</summary>
    Resource = 1,
}
