namespace S2SAuth.Client.Signatures;

/// <summary>What a receiver demands of a signature beyond it being valid (RFC 9421 §3.2, §7.2).</summary>
internal sealed class SignatureVerificationPolicy
{
    /// <summary>Components that must be covered, e.g. "@method", "@authority", "@path", "@query", "content-digest".</summary>
    public IReadOnlyCollection<string> RequiredComponents { get; init; } = [];

    /// <summary>Only this label is considered; null: each label present in both fields, in Signature-Input order.</summary>
    public string? Label { get; init; }

    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A signature whose <c>created</c> is older than this is expired, even without <c>expires</c>.</summary>
    public TimeSpan? MaxAge { get; init; } = TimeSpan.FromMinutes(5);

    public bool RequireCreated { get; init; } = true;

    public bool RequireExpires { get; init; }

    public bool RequireNonce { get; init; }

    /// <summary>Bound on labels tried when <see cref="Label"/> is null.</summary>
    public int MaxSignatures { get; init; } = 4;
}
