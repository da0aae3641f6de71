namespace S2SAuth;

/// <summary>
/// Where <c>RequireActivity</c> asks whether a user holds an activity when the user token's <c>permissions</c> and
/// mapped <c>roles</c> do not grant it: e.g. a remote RBAC service (<c>AddRemotePermissions</c>) or your own store.
/// Resolved from the request's services; optional. Return <see cref="PermissionAnswer.Unavailable"/> (or throw) when
/// the source cannot answer: the request is then refused with 503 <c>permission_source_unavailable</c>.
/// </summary>
public interface IPermissionSource
{
    /// <summary>Whether <see cref="PermissionQuery.UserId"/> holds <see cref="PermissionQuery.Activity"/> in the tenant.</summary>
    ValueTask<PermissionAnswer> CheckAsync(PermissionQuery query, CancellationToken cancellationToken);
}
