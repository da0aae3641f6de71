using System.Reflection;
using Microsoft.AspNetCore.Http;
using S2SAuth.Tenants;

namespace S2SAuth;

/// <summary>
/// Everything S2SAuth established about the current request. Reach it with
/// <see cref="ServiceAuthHttpContextExtensions.GetServiceAuthContext"/> or as a minimal-API parameter.
/// </summary>
public sealed class ServiceAuthContext
{
    internal ServiceAuthContext(CorrelationContext correlation) => Correlation = correlation;

    /// <summary>The verified calling service, if a valid service token came.</summary>
    public ServiceIdentity? Service { get; internal set; }

    /// <summary>The verified user, if a valid user token came.</summary>
    public UserIdentity? User { get; internal set; }

    /// <summary>
    /// The tenant derived from the verified tokens: the user token's on user-scoped calls, else (also when the user token
    /// names none) the service token's. None when a tenant-scoped service token acts for a user of another tenant; such
    /// a request is refused wherever authorization runs.
    /// </summary>
    public TenantContext Tenant { get; internal set; } = TenantContext.None;

    /// <summary>Set at authentication when a tenant-scoped service token acts for a user of another tenant.</summary>
    internal TenantConflict? TenantConflict { get; set; }

    /// <summary>The correlation and request ids.</summary>
    public CorrelationContext Correlation { get; }

    /// <summary>The raw user token, kept only to forward it on user-scoped outgoing calls.</summary>
    internal string? UserToken { get; set; }

    /// <summary>The error code of a failed verification, if any.</summary>
    internal string? FailureCode { get; set; }

    /// <summary>The safe, human-readable detail of a failed verification.</summary>
    internal string? FailureDetail { get; set; }

    /// <summary>
    /// The first refusal an S2SAuth requirement decided for this request. Kept here because ASP.NET Core hands a
    /// challenge (no authenticated identity) to the result handler without the authorization failure.
    /// </summary>
    internal Authorization.ServiceAuthFailureReason? Refusal { get; set; }

    /// <summary>Minimal-API binding: a <see cref="ServiceAuthContext"/> parameter receives the whole context.</summary>
    public static ValueTask<ServiceAuthContext?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.GetServiceAuthContext());
}
