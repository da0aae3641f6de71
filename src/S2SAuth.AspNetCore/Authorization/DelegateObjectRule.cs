using Microsoft.AspNetCore.Authorization;

namespace S2SAuth.Authorization;

/// <summary>The metadata of <c>.WithObjectRule(delegate)</c>.</summary>
internal sealed class DelegateObjectRule : IObjectRuleSource, IAuthorizationRequirementData
{
    private readonly Func<ObjectRuleContext, ValueTask<bool>> _rule;

    public DelegateObjectRule(Func<ObjectRuleContext, ValueTask<bool>> rule) => _rule = rule;

    public ValueTask<bool> IsAllowedAsync(ObjectRuleContext context) => _rule(context);

    public IEnumerable<IAuthorizationRequirement> GetRequirements() => EndpointRulesRequirement.AsArray;
}
