using Microsoft.AspNetCore.Http;

namespace S2SAuth.Authentication;

/// <summary>
/// A credential beyond tokens and certificates that can prove the calling service (a signed request, an API key). The
/// authenticator asks each registered reader, in registration order, only on endpoints whose
/// <see cref="ServiceCredentialPolicy"/> admits it and only while no earlier credential proved the caller. A reader
/// never throws on request input: every refusal is a stable code.
/// </summary>
internal interface IServiceCredentialReader
{
    /// <summary>The policy flag that admits this credential (a single flag).</summary>
    ServiceCredentialPolicy Policy { get; }

    /// <summary>Words naming the credential in refusal details, e.g. <c>an API key (X-Api-Key)</c>.</summary>
    string Description { get; }

    /// <summary>Whether the request carries this credential at all (a header is present), without checking it.</summary>
    bool IsPresented(HttpRequest request);

    /// <summary>Checks the credential: the identity it proves, or a refusal.</summary>
    ValueTask<CredentialProof> ProveAsync(HttpContext http, CancellationToken cancellationToken);
}
