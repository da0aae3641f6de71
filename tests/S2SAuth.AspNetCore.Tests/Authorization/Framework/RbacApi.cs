using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>
/// A <see cref="TestApi"/> with RequireActivity endpoints, both minimal API (<c>/min/...</c>) and MVC (<c>/mvc/...</c>),
/// audit events captured in <see cref="Audit"/>.
/// </summary>
public sealed class RbacApi : IAsyncDisposable
{
    public const string CallerTenant = "tenant_789";
    public const string OtherTenant = "tenant_999";
    public const string ServiceId = "orders-service";
    public const string UserId = "user_123";
    public const string UserScopedActivity = "order.confirm";
    public const string SystemActivity = "billing.reconcile";
    public const string GatewayActivity = "order.read";
    public const string MappedActivity = "order.archive";
    public const string CrossTenantScope = "platform.cross-tenant";

    private RbacApi(TestApi api, AuditCapture audit)
    {
        Api = api;
        Audit = audit;
    }

    public TestApi Api { get; }

    public AuditCapture Audit { get; }

    public HttpClient Client => Api.Client;

    public IServiceProvider Services => Api.App.Services;

    public TestIssuer Issuer => Api.Issuer;

    public static async Task<RbacApi> StartAsync(TestIssuer issuer, Action<ServiceAuthOptions>? configure = null, Action<IServiceCollection>? services = null, bool captureAudit = true)
    {
        var audit = new AuditCapture();
        var api = await TestApi.StartAsync(issuer,
            o =>
            {
                o.Authorization.ActivityScopes[MappedActivity] = ["orders.admin"];
                o.Authorization.RoleActivities["order-manager"] = [MappedActivity, GatewayActivity];
                configure?.Invoke(o);
            },
            s =>
            {
                s.AddControllers().AddApplicationPart(typeof(RbacApi).Assembly);
                s.AddSingleton<OrderStore>();
                s.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, OrderOwnerHandler>();
                if (captureAudit)
                {
                    s.AddSingleton<IAuditSink>(audit);
                }

                services?.Invoke(s);
            },
            MapEndpoints);
        return new RbacApi(api, audit);
    }

    /// <summary>A service token with the given scopes and tenant.</summary>
    public string ServiceToken(IEnumerable<string> scopes, string? tenantId = null, string serviceId = ServiceId) =>
        Issuer.ServiceToken(serviceId, TestApi.Audience, scopes, tenantId).Build();

    /// <summary>A user token with the given permissions and roles.</summary>
    public string UserToken(IEnumerable<string> permissions, string? tenantId = CallerTenant, IEnumerable<string>? roles = null, string userId = UserId) =>
        Issuer.UserToken(userId, TestApi.Audience, tenantId, permissions, roles).Build();

    /// <summary>Sends a request with a fresh correlation id, returned with the response.</summary>
    public async Task<(HttpResponseMessage Response, string CorrelationId)> SendAsync(HttpMethod method, string path, string? serviceToken, string? userToken,
        HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        var correlationId = "corr-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Correlation-Id", correlationId);
        if (serviceToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Service-Token", serviceToken);
        }

        if (userToken is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + userToken);
        }

        configure?.Invoke(request);
        var response = await Client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return (response, correlationId);
    }

    public Task<(HttpResponseMessage Response, string CorrelationId)> PostAsync(string path, string? serviceToken, string? userToken, HttpContent? content = null) =>
        SendAsync(HttpMethod.Post, path, serviceToken, userToken, content);

    public ValueTask DisposeAsync() => Api.DisposeAsync();

    private static void MapEndpoints(WebApplication app)
    {
        MapTenantActions(app.MapGroup("/min/t/{tenantId}").WithTenantFrom(TenantParameterSource.Route, "tenantId"));
        MapTenantActions(app.MapGroup("/min/admin/t/{tenantId}").WithTenantFrom(TenantParameterSource.Route, "tenantId").AllowCrossTenant());

        app.MapPost("/min/orders", (OrderRequest order) => order)
            .RequireActivity(UserScopedActivity).WithTenantFrom(TenantParameterSource.Body, "tenantId");
        app.MapGet("/min/orders", (string? tenant) => new { tenant })
            .RequireActivity(UserScopedActivity).WithTenantFrom(TenantParameterSource.Query, "tenant");
        app.MapPost("/min/orders/{id}:confirm", (string id) => new { id, confirmed = true })
            .RequireActivity(UserScopedActivity)
            .WithObjectRule(static async context =>
            {
                var store = context.HttpContext.RequestServices.GetRequiredService<OrderStore>();
                store.RuleCalls++;
                return store.Find(context.HttpContext.GetRouteValue("id")!.ToString()!) is { } order && await context.AuthorizeResourceAsync(order);
            });
        app.MapPost("/min/t/{tenantId}/orders/{id}:cancel", (string id) => new { id })
            .RequireActivity(UserScopedActivity).WithTenantFrom(TenantParameterSource.Route, "tenantId")
            .WithObjectRule(static context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<OrderStore>().RuleCalls++;
                return ValueTask.FromResult(true);
            });
        app.MapPost("/min/orders/{id}:throwing", (string id) => id)
            .RequireActivity(UserScopedActivity)
            .WithObjectRule(static _ => throw new InvalidOperationException("the rule's own bug"));
        app.MapPost("/min/archive", () => "archived").RequireActivity(MappedActivity);

        // Reads the body itself (no binding, so no Content-Type needed): what it acts on is what the body names.
        app.MapPost("/min/orders/raw", static async (HttpContext http) =>
            {
                using var body = await JsonDocument.ParseAsync(http.Request.Body);
                return new { tenantId = body.RootElement.GetProperty("tenantId").GetString() };
            })
            .RequireActivity(UserScopedActivity).WithTenantFrom(TenantParameterSource.Body, "tenantId");

        // Public: shows the tenant context a request gets without any authorization.
        app.MapGet("/min/public/tenant", static (HttpContext http) => new { tenant = http.GetServiceAuthContext()?.Tenant.TenantId })
            .AllowAnonymous();

        // The application's own policy: no S2SAuth requirement at all.
        app.MapGet("/min/custom-policy", static (TenantContext tenant) => new { tenant = tenant.TenantId })
            .RequireAuthorization(p => p.AddAuthenticationSchemes(ServiceAuthDefaults.AuthenticationScheme).RequireAuthenticatedUser());

        var group = app.MapGroup("/min/group").RequireActivity(GatewayActivity);
        group.MapPost("/confirm", () => "confirmed").RequireActivity(UserScopedActivity);

        var jobs = app.MapGroup("/min/jobs").RequireIdentities(RequiredIdentities.ServiceOnly);
        jobs.MapPost("/reconcile", () => "reconciled").RequireActivity(SystemActivity);

        app.MapPost("/min/misconfigured/{tenantId}", () => "should not run").WithTenantFrom(TenantParameterSource.Route, "tenantId");
        app.MapControllers();
    }

    private static void MapTenantActions(RouteGroupBuilder group)
    {
        group.MapPost("/user-scoped", (string tenantId) => new { tenantId, activity = UserScopedActivity }).RequireActivity(UserScopedActivity);
        group.MapPost("/system", (string tenantId) => new { tenantId, activity = SystemActivity }).RequireActivity(SystemActivity, RequiredIdentities.ServiceOnly);
        group.MapPost("/gateway", (string tenantId) => new { tenantId, activity = GatewayActivity }).RequireActivity(GatewayActivity, RequiredIdentities.User);
    }
}
