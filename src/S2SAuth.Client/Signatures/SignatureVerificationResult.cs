namespace S2SAuth.Client.Signatures;

/// <summary>The outcome of verifying one request's signature: the failure, or the key and metadata that held.</summary>
internal sealed class SignatureVerificationResult
{
    public required SignatureFailure Failure { get; init; }

    public bool Succeeded => Failure == SignatureFailure.None;

    public string? Label { get; init; }

    /// <summary>The key that verified (on success) — the receiver maps it to a service id and scopes.</summary>
    public SignatureKey? Key { get; init; }

    public SignatureParameters? Parameters { get; init; }

    internal static SignatureVerificationResult Fail(SignatureFailure failure, string? label = null) => new() { Failure = failure, Label = label };
}
