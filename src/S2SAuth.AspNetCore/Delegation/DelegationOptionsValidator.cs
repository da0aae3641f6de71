using Microsoft.Extensions.Options;

namespace S2SAuth.Delegation;

/// <summary>Checks <c>ServiceAuth:Delegation</c> at start-up; each message names the key.</summary>
internal sealed class DelegationOptionsValidator : IValidateOptions<ServiceAuthOptions>
{
    /// <summary>The largest <see cref="DelegationOptions.MaxActorDepth"/> accepted: real chains are a few services long.</summary>
    public const int MaxDepthLimit = 32;

    private const string Section = ServiceAuthOptions.SectionName + ":Delegation";

    public ValidateOptionsResult Validate(string? name, ServiceAuthOptions options)
    {
        if (options.Delegation is not { } delegation)
        {
            return ValidateOptionsResult.Fail($"{Section} must not be null.");
        }

        return delegation.MaxActorDepth is < 1 or > MaxDepthLimit
            ? ValidateOptionsResult.Fail($"{Section}:MaxActorDepth must be between 1 and {MaxDepthLimit} (it is {delegation.MaxActorDepth}; default {DelegationOptions.DefaultMaxActorDepth}).")
            : ValidateOptionsResult.Success;
    }
}
