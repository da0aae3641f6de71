namespace S2SAuth.Testing;

/// <summary>What a client-credentials request to a <see cref="TestIssuer"/> asked for. Never holds the secret.</summary>
/// <param name="ClientId">The client id sent, if any.</param>
/// <param name="AuthenticationMethod"><c>client_secret_basic</c> or <c>client_secret_post</c>.</param>
/// <param name="Scope">The <c>scope</c> form field as sent (space-delimited; empty when absent).</param>
/// <param name="Audiences">The <c>audience</c> form fields.</param>
/// <param name="Resources">The <c>resource</c> form fields (RFC 8707).</param>
public sealed record TokenRequestInfo(string? ClientId, string AuthenticationMethod, string Scope, IReadOnlyList<string> Audiences, IReadOnlyList<string> Resources);
