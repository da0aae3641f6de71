using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace S2SAuth;

/// <summary>The tenant a request acts in, derived only from verified credentials (tokens, an API key bound to a tenant, a webhook's resolver after its signature held), never from unverified request content.</summary>
public sealed class TenantContext
{
    internal TenantContext(string? tenantId, TenantSource source)
    {
        TenantId = tenantId;
        Source = source;
    }

    /// <summary>No tenant: shared, as the context is immutable.</summary>
    internal static TenantContext None { get; } = new(null, TenantSource.None);

    /// <summary>The tenant id, or <see langword="null"/> when no verified credential names one.</summary>
    public string? TenantId { get; }

    /// <summary>Which token the tenant came from.</summary>
    public TenantSource Source { get; }

    /// <summary>Whether a tenant is known.</summary>
    public bool HasTenant => TenantId is not null;

    /// <summary>Minimal-API binding: a <see cref="TenantContext"/> parameter receives the derived tenant.</summary>
    public static ValueTask<TenantContext?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.GetServiceAuthContext()?.Tenant);
}
