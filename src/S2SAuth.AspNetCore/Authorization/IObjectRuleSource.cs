namespace S2SAuth.Authorization;

/// <summary>Endpoint metadata that supplies an object-level rule (a delegate or an <see cref="IObjectRule"/> type).</summary>
internal interface IObjectRuleSource
{
    ValueTask<bool> IsAllowedAsync(ObjectRuleContext context);
}
