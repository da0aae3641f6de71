using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Benchmarks.Framework;

namespace S2SAuth.Benchmarks.Pipeline;

/// <summary>
/// The stock way to take a service token and a user token with ASP.NET Core alone: two JwtBearer schemes (one reads
/// <c>X-Service-Token</c>, the other <c>Authorization: Bearer</c>) and a policy needing both, the scope and the permission.
/// The same shape as the load test's <c>jwtbearer</c> server.
/// </summary>
public static class StockJwtBearer
{
    public const string Policy = "service-and-user";

    public static void Add(IServiceCollection services, string authority)
    {
        services.AddAuthentication()
            .AddJwtBearer("service", o => Configure(o, authority, fromHeader: "X-Service-Token"))
            .AddJwtBearer("user", o => Configure(o, authority, fromHeader: null));
        services.AddAuthorization(o => o.AddPolicy(Policy, p => p
            .AddAuthenticationSchemes("service", "user")
            .RequireAuthenticatedUser()
            .RequireAssertion(c =>
                c.User.Identities.Count(i => i.IsAuthenticated) == 2
                && c.User.HasClaim("scopes", BenchTokens.Activity)
                && c.User.HasClaim("permissions", BenchTokens.Activity))));
    }

    private static void Configure(JwtBearerOptions o, string authority, string? fromHeader)
    {
        o.Authority = authority;
        o.Audience = BenchTokens.Audience;
        o.RequireHttpsMetadata = false;
        o.MapInboundClaims = false;
        if (fromHeader is not null)
        {
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = c =>
                {
                    c.Token = c.Request.Headers[fromHeader];
                    return Task.CompletedTask;
                },
            };
        }
    }
}
