using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace S2SAuth.Webhooks;

/// <summary>
/// MVC: runs the <see cref="WebhookFilter"/> as a resource filter, after authorization and before model binding, so a
/// controller action binds the verified bytes. A refused or duplicate delivery never reaches model binding.
/// </summary>
internal sealed class WebhookResourceFilter : IAsyncResourceFilter
{
    private readonly WebhookFilter _filter;

    public WebhookResourceFilter(WebhookFilter filter) => _filter = filter;

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var ran = false;
        await _filter.InvokeAsync(context.HttpContext, async _ =>
        {
            ran = true;
            var executed = await next().ConfigureAwait(false);
            if (executed.Exception is { } exception && !executed.ExceptionHandled)
            {
                // Surfaces the action's failure to the webhook filter (which forgets the event so the retry gets through).
                executed.ExceptionHandled = true;
                ExceptionDispatchInfo.Capture(exception).Throw();
            }
        }).ConfigureAwait(false);
        if (!ran)
        {
            context.Result = new EmptyResult(); // the answer is written
        }
    }
}
