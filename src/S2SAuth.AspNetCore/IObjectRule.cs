namespace S2SAuth;

/// <summary>
/// An endpoint's object-level rule, the last check of <c>RequireActivity</c>: may this caller act on this object?
/// Created per request from the request's services (constructor injection works). Refusal answers 403 <c>object_denied</c>.
/// </summary>
public interface IObjectRule
{
    /// <summary>Whether the request may act on its object; load the object from the route values and services.</summary>
    ValueTask<bool> IsAllowedAsync(ObjectRuleContext context);
}
