namespace S2SAuth.Testing;

/// <summary>Settings of a <see cref="TestIssuer"/>.</summary>
public sealed class TestIssuerOptions
{
    /// <summary>Lifetime of minted tokens and of client-credentials tokens. Default 5 minutes.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Algorithm of the first signing key: RS256 (default), PS256 or ES256.</summary>
    public string Algorithm { get; set; } = "RS256";

    /// <summary>Clock for <c>iat</c>/<c>nbf</c>/<c>exp</c>; a fake one lets tests move time. Default system time.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Value of the <c>type</c> claim in client-credentials tokens; <see langword="null"/> omits it (as standard issuers do).</summary>
    public string? ServiceTokenType { get; set; } = "service";

    /// <summary>
    /// The loopback port to listen on; 0 (default) takes a free one. A fixed port outside the ephemeral range keeps the
    /// address free for <see cref="TestIssuer.RestartAsync"/> while the issuer is stopped.
    /// </summary>
    public int Port { get; set; }
}
