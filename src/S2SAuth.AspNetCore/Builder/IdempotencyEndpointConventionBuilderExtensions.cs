using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Idempotency;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Marks endpoints whose state-changing calls run once per <c>Idempotency-Key</c>.</summary>
public static class IdempotencyEndpointConventionBuilderExtensions
{
    /// <summary>
    /// POST, PUT, PATCH and DELETE calls to the endpoint (or every endpoint of a group, or controller actions) run once
    /// per <c>Idempotency-Key</c> and verified caller (tenant, calling service, user); retries get the first response
    /// replayed (<c>Idempotency-Replayed: true</c>). Other methods are untouched. Needs <c>AddServiceAuth(...).AddIdempotency()</c>
    /// or <c>.AddRedisIdempotency()</c>; see docs/idempotency.md for the answers (400, 409, 422, 503) and their codes.
    /// </summary>
    public static TBuilder RequireIdempotency<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(static endpoint =>
        {
            if (endpoint.Metadata.OfType<IdempotentEndpoint>().Any())
            {
                return; // already wrapped (a group and its endpoint both asked)
            }

            var inner = endpoint.RequestDelegate ?? throw new InvalidOperationException(
                $"RequireIdempotency() cannot wrap endpoint '{endpoint.DisplayName}': it has no request delegate.");
            var filter = endpoint.ApplicationServices.GetService<IdempotencyFilter>() ?? throw new InvalidOperationException(
                $"RequireIdempotency() on endpoint '{endpoint.DisplayName}' needs builder.Services.AddServiceAuth(...).AddIdempotency() (one instance) or .AddRedisIdempotency() (S2SAuth.Redis, several instances).");
            endpoint.Metadata.Add(IdempotentEndpoint.Instance);
            endpoint.RequestDelegate = http => filter.InvokeAsync(http, inner);
        });
        return builder;
    }
}
