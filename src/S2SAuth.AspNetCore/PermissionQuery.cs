namespace S2SAuth;

/// <summary>A question to an <see cref="IPermissionSource"/>: does this user hold this activity in this tenant?</summary>
/// <param name="UserId">The verified user's id.</param>
/// <param name="TenantId">The tenant derived from the verified tokens, if any.</param>
/// <param name="Activity">The activity key.</param>
public readonly record struct PermissionQuery(string UserId, string? TenantId, string Activity);
