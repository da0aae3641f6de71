using S2SAuth.Client.Signatures;

namespace S2SAuth.SignedRequests;

/// <summary>A configured peer key ready to verify with, and the service, scopes and tenant a signature by it proves.</summary>
internal sealed record SignedRequestKey(SignatureKey Key, string ServiceId, IReadOnlySet<string> Scopes, string? Tenant);
