using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Authorization;

public enum Api
{
    Minimal,
    Mvc,
}

public enum RequestType
{
    ServiceAndUser,
    ServiceOnly,
    UserOnly,
}

public enum TenantCase
{
    /// <summary>The route names the caller's tenant.</summary>
    Match,

    /// <summary>The route names another tenant on an ordinary endpoint.</summary>
    Mismatch,

    /// <summary>As <see cref="Mismatch"/>, by a caller holding the cross-tenant scope: an ordinary endpoint still refuses.</summary>
    MismatchWithPrivilegedScope,

    /// <summary>Another tenant on a cross-tenant endpoint, by a caller holding the cross-tenant scope.</summary>
    CrossTenantWithPrivilegedScope,

    /// <summary>Another tenant on a cross-tenant endpoint, by a caller without the cross-tenant scope.</summary>
    CrossTenantWithoutPrivilegedScope,
}

/// <summary>
/// The decision table of RequireActivity: service scope present/absent × user permission present/absent × tenant case
/// × request type × minimal API / MVC. Each row asserts the status and code, the single audit event, and the one
/// metric increment.
/// </summary>
public sealed class AuthorizationMatrixTests : IClassFixture<RbacApiFixture>
{
    private readonly RbacApi _api;

    public AuthorizationMatrixTests(RbacApiFixture fixture) => _api = fixture.Api;

    public static TheoryData<Api, RequestType, bool, bool, TenantCase> Rows()
    {
        var rows = new TheoryData<Api, RequestType, bool, bool, TenantCase>();
        foreach (var api in Enum.GetValues<Api>())
        {
            foreach (var type in Enum.GetValues<RequestType>())
            {
                // Without a service token there is no scope to lack; without a user token no permission.
                foreach (var serviceScope in type == RequestType.UserOnly ? [true] : new[] { true, false })
                {
                    foreach (var userPermission in type == RequestType.ServiceOnly ? [true] : new[] { true, false })
                    {
                        foreach (var tenant in Enum.GetValues<TenantCase>())
                        {
                            // A user alone cannot hold a service scope: only the unprivileged cases apply.
                            if (type == RequestType.UserOnly && tenant is TenantCase.MismatchWithPrivilegedScope or TenantCase.CrossTenantWithPrivilegedScope)
                            {
                                continue;
                            }

                            rows.Add(api, type, serviceScope, userPermission, tenant);
                        }
                    }
                }
            }
        }

        return rows;
    }

    /// <summary>The expected outcome, by the SPEC's order: scopes, then permission, then tenant rules.</summary>
    private static (HttpStatusCode Status, string? Code, bool CrossTenant) Expected(RequestType type, bool serviceScope, bool userPermission, TenantCase tenant)
    {
        if (type != RequestType.UserOnly && !serviceScope)
        {
            return (HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing, false);
        }

        if (type != RequestType.ServiceOnly && !userPermission)
        {
            return (HttpStatusCode.Forbidden, AuthErrorCodes.PermissionDenied, false);
        }

        return tenant switch
        {
            TenantCase.Match => (HttpStatusCode.OK, null, false),
            TenantCase.Mismatch or TenantCase.MismatchWithPrivilegedScope => (HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch, false),
            TenantCase.CrossTenantWithPrivilegedScope => (HttpStatusCode.OK, null, true),
            _ => (HttpStatusCode.Forbidden, AuthErrorCodes.CrossTenantNotAllowed, false),
        };
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task RequireActivity_decides_by_scope_then_permission_then_tenant(Api api, RequestType type, bool serviceScope, bool userPermission, TenantCase tenant)
    {
        var (status, code, crossTenant) = Expected(type, serviceScope, userPermission, tenant);
        var (action, activity) = type switch
        {
            RequestType.ServiceAndUser => ("user-scoped", UserScopedActivity),
            RequestType.ServiceOnly => ("system", SystemActivity),
            _ => ("gateway", GatewayActivity),
        };
        var privileged = tenant is TenantCase.MismatchWithPrivilegedScope or TenantCase.CrossTenantWithPrivilegedScope;
        var crossTenantEndpoint = tenant is TenantCase.CrossTenantWithPrivilegedScope or TenantCase.CrossTenantWithoutPrivilegedScope;
        var requestedTenant = tenant == TenantCase.Match ? CallerTenant : OtherTenant;
        var prefix = (api == Api.Minimal ? "/min" : "/mvc") + (crossTenantEndpoint ? "/admin" : string.Empty);
        var path = $"{prefix}/t/{requestedTenant}/{action}";

        var scopes = new List<string> { serviceScope ? activity : "unrelated.scope" };
        if (privileged)
        {
            scopes.Add(CrossTenantScope);
        }

        // Internal user-scoped calls: the service token names no tenant, the user's does. System jobs: the service token's tenant.
        var serviceToken = type == RequestType.UserOnly ? null : _api.ServiceToken(scopes, type == RequestType.ServiceOnly ? CallerTenant : null);
        var userToken = type == RequestType.ServiceOnly ? null : _api.UserToken(userPermission ? [activity] : []);
        var meterFactory = _api.Services.GetRequiredService<IMeterFactory>();
        using var decisions = new MetricCollector<long>(meterFactory, ServiceAuthTelemetry.MeterName, ServiceAuthTelemetry.DecisionsCounter);

        var (response, correlationId) = await _api.PostAsync(path, serviceToken, userToken);

        if (code is null)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
            var json = JsonDocument.Parse(body).RootElement;
            Assert.Equal(requestedTenant, json.GetProperty("tenantId").GetString());
            Assert.Equal(activity, json.GetProperty("activity").GetString());
        }
        else
        {
            await ProblemAssert.IsProblemAsync(response, status, code);
        }

        var audit = _api.Audit.Single(correlationId);
        Assert.Equal(activity, audit.Activity);
        Assert.Equal(code is null ? AuditOutcome.Allowed : AuditOutcome.Denied, audit.Outcome);
        Assert.Equal(code, audit.ReasonCode);
        Assert.Equal(code is null ? null : (int)status, audit.StatusCode);
        Assert.Equal(type == RequestType.UserOnly ? null : ServiceId, audit.ServiceId);
        Assert.Equal(type == RequestType.ServiceOnly ? null : UserId, audit.UserId);
        Assert.Equal(CallerTenant, audit.TenantId);
        Assert.Equal(crossTenant, audit.CrossTenant);
        Assert.Equal(code is AuthErrorCodes.ScopeMissing or AuthErrorCodes.PermissionDenied ? null : requestedTenant, audit.RequestedTenantId);
        Assert.Equal($"POST {prefix}/t/{{tenantId}}/{action}", audit.Endpoint);

        var measurement = Assert.Single(decisions.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal(code is null ? "allowed" : "denied", measurement.Tags[ServiceAuthTelemetry.OutcomeTag]);
        Assert.Equal(activity, measurement.Tags[ServiceAuthTelemetry.ActivityTag]);
        Assert.Equal(code, measurement.Tags.GetValueOrDefault(ServiceAuthTelemetry.ReasonTag));
        Assert.Equal(crossTenant, measurement.Tags.ContainsKey(ServiceAuthTelemetry.CrossTenantTag));
    }
}
