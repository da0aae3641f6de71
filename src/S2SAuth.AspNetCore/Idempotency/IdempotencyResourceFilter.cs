using Microsoft.AspNetCore.Mvc.Filters;

namespace S2SAuth.Idempotency;

/// <summary>
/// <see cref="IdempotencyFilter"/> as an MVC resource filter (<c>[RequireIdempotency]</c>): the rest of the MVC pipeline
/// (model binding, action, result) is the endpoint it runs once. An unhandled exception of the action is rethrown
/// inside, so the key is released, and then reaches MVC as the action's own.
/// </summary>
internal sealed class IdempotencyResourceFilter : IAsyncResourceFilter
{
    private readonly IdempotencyFilter _filter;

    public IdempotencyResourceFilter(IdempotencyFilter filter) => _filter = filter;

    public Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next) =>
        _filter.InvokeAsync(context.HttpContext, async _ =>
        {
            var executed = await next().ConfigureAwait(false);
            if (executed is { ExceptionHandled: false, ExceptionDispatchInfo: { } failure })
            {
                failure.Throw();
            }
        });
}
