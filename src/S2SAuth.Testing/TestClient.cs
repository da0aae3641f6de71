namespace S2SAuth.Testing;

/// <summary>A client registered with a <see cref="TestIssuer"/> for the client-credentials grant.</summary>
/// <param name="ClientId">The client id; becomes <c>sub</c> and <c>client_id</c> of its tokens.</param>
/// <param name="Secret">The client secret.</param>
/// <param name="AllowedScopes">Scopes the client may ask for; all of them when the request names none.</param>
public sealed record TestClient(string ClientId, string Secret, IReadOnlyList<string> AllowedScopes)
{
    /// <summary>Tenant written as <c>tenant_id</c> into this client's tokens, if any.</summary>
    public string? TenantId { get; init; }

    /// <summary>When <see langword="true"/>, the token endpoint refuses the client (a disabled service account).</summary>
    public bool Disabled { get; set; }

    /// <summary>Lifetime of this client's tokens; <see langword="null"/> uses the issuer's <see cref="TestIssuer.TokenLifetime"/>.</summary>
    public TimeSpan? TokenLifetime { get; set; }
}
