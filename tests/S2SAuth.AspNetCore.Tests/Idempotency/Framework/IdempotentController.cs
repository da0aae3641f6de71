using Microsoft.AspNetCore.Mvc;

namespace S2SAuth.AspNetCore.Tests.Idempotency.Framework;

/// <summary>MVC actions marked <c>[RequireIdempotency]</c> (mapped by <see cref="IdempotentApi"/> only).</summary>
[ApiController]
[Route("mvc/idempotent")]
[RequireIdentities(RequiredIdentities.ServiceWithOptionalUser)]
[RequireIdempotency]
public sealed class IdempotentController : ControllerBase
{
    [HttpPost("{id}")]
    public IActionResult Create(string id, [FromBody] Order order, [FromServices] RunLog runs) =>
        Created($"/mvc/idempotent/{id}", new { id, order.Qty, run = runs.Count("mvc/" + id) });

    [HttpPost("{id}/fail")]
    [RequireIdempotency]
    public IActionResult Fail(string id, [FromServices] RunLog runs) =>
        runs.Count("mvc-fail/" + id) == 1 ? throw new InvalidOperationException("the action failed") : Ok(new { id });

    public sealed record Order(int Qty);
}
