using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Authorization;

namespace S2SAuth;

/// <summary>
/// The endpoint's object-level rule: an <see cref="IObjectRule"/> type, created per request from the request's
/// services. Checked last by <see cref="RequireActivityAttribute"/>; refusal answers 403 <c>object_denied</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class ObjectRuleAttribute : Attribute, IObjectRuleSource, IAuthorizationRequirementData
{
    /// <summary>The rule is an instance of <paramref name="ruleType"/>, which implements <see cref="IObjectRule"/>.</summary>
    public ObjectRuleAttribute(Type ruleType)
    {
        ArgumentNullException.ThrowIfNull(ruleType);
        if (!typeof(IObjectRule).IsAssignableFrom(ruleType) || ruleType.IsAbstract)
        {
            throw new ArgumentException($"{ruleType.Name} must be a concrete class implementing IObjectRule.", nameof(ruleType));
        }

        RuleType = ruleType;
    }

    /// <summary>The <see cref="IObjectRule"/> type.</summary>
    public Type RuleType { get; }

    /// <inheritdoc />
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => EndpointRulesRequirement.AsArray;

    ValueTask<bool> IObjectRuleSource.IsAllowedAsync(ObjectRuleContext context)
    {
        var rule = (IObjectRule)ActivatorUtilities.GetServiceOrCreateInstance(context.HttpContext.RequestServices, RuleType);
        return rule.IsAllowedAsync(context);
    }
}
