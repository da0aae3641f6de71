using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace S2SAuth;

/// <summary>
/// Everything S2SAuth established about the current request. Reach it with
/// <see cref="ServiceAuthHttpContextExtensions.GetServiceAuthContext"/> or as a minimal-API parameter.
/// </summary>
public sealed class ServiceAuthContext
{
    private ServiceAuthContext(CorrelationContext correlation) => Correlation = correlation;

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

    /// <summary>The correlation and request ids.</summary>
    public CorrelationContext Correlation { get; }

    /// <summary>The raw user token, kept only to forward it on user-scoped outgoing calls.</summary>
    internal string? UserToken { get; set; }

    /// <summary>
    /// The request's context, made on first use (by the correlation middleware, or by the authentication handler when
    /// the middleware did not run): the one place it is made. Its ids are taken from <c>X-Correlation-Id</c> and
    /// <c>X-Request-Id</c> when valid (<see cref="RequestIds"/>), else new.
    /// </summary>
    internal static ServiceAuthContext GetOrCreate(HttpContext http)
    {
        var context = http.Features.Get<ServiceAuthContext>();
        if (context is null)
        {
            var headers = http.Request.Headers;
            context = new ServiceAuthContext(new CorrelationContext(
                RequestIds.ValidOrNew(headers[RequestIds.CorrelationHeader]),
                RequestIds.ValidOrNew(headers[RequestIds.RequestHeader])));
            http.Features.Set(context);

            // Where a trace is recorded, the request's span carries the correlation id the audit lines carry.
            System.Diagnostics.Activity.Current?.SetTag(ServiceAuthTelemetry.CorrelationIdTag, context.Correlation.CorrelationId);
        }

        return context;
    }

    /// <summary>Minimal-API binding: a <see cref="ServiceAuthContext"/> parameter receives the whole context.</summary>
    public static ValueTask<ServiceAuthContext?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.GetServiceAuthContext());
}
