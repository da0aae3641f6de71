namespace AuthService.DevTokens;

/// <summary>Body of <c>POST /dev/user-tokens</c>.</summary>
public sealed record DevUserTokenRequest(string? UserId, IReadOnlyList<string>? Audiences = null, bool Expired = false);
