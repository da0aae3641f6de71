using Microsoft.Extensions.Options;

namespace S2SAuth.Webhooks;

/// <summary>Checks every <c>ServiceAuth:Webhooks:{name}</c> provider at start-up; messages name the provider and setting, never a secret.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<ServiceAuthOptions>
{
    private readonly TimeProvider _time;

    public WebhookOptionsValidator(TimeProvider time) => _time = time;

    public ValidateOptionsResult Validate(string? name, ServiceAuthOptions options)
    {
        if (options.Webhooks is not { Count: > 0 } webhooks)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        foreach (var (provider, configured) in webhooks)
        {
            if (!WebhookProviderFactory.TryBuild(provider, configured, _time, out _, out var problems))
            {
                errors.AddRange(problems);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
