using Microsoft.Extensions.Options;
using S2SAuth.Client.Http;

namespace S2SAuth.Client.Configuration;

/// <summary>Checks each client's <see cref="ServiceTokenHandlerOptions"/> at start-up; messages name the client and the setting.</summary>
internal sealed class ServiceTokenHandlerOptionsValidator : IValidateOptions<ServiceTokenHandlerOptions>
{
    private readonly ServiceTokenClientRegistry _registry;

    public ServiceTokenHandlerOptionsValidator(ServiceTokenClientRegistry registry) => _registry = registry;

    public ValidateOptionsResult Validate(string? name, ServiceTokenHandlerOptions options)
    {
        if (name is null || !_registry.HandlerClients.Contains(name))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        var prefix = $"AddServiceTokenHandler of HttpClient '{name}':";
        if (options.AllowedHosts.Count == 0 && options.PlainHttpBaseAddress is { } plain)
        {
            errors.Add($"{prefix} the BaseAddress '{plain}' is plain HTTP on a host that is not loopback, so it is no allowed host by default (the token would travel in cleartext): "
                + $"use https, or add AllowedHosts '{plain.GetLeftPart(UriPartial.Authority)}' to send the token over plain HTTP deliberately (e.g. to an mTLS sidecar).");
        }
        else if (options.AllowedHosts.Count == 0)
        {
            errors.Add($"{prefix} AllowedHosts is empty and the client sets no BaseAddress in AddHttpClient(...): name the hosts that may receive the service token.");
        }

        foreach (var entry in options.AllowedHosts)
        {
            if (!AllowedOrigins.TryParse(entry, out _, out var problem))
            {
                errors.Add($"{prefix} AllowedHosts entry '{entry}' {problem}.");
            }
        }

        if (options.Audience is { } audience && string.IsNullOrWhiteSpace(audience))
        {
            errors.Add($"{prefix} Audience must not be blank (leave it null to ask for none).");
        }

        foreach (var scope in options.Scopes)
        {
            if (string.IsNullOrWhiteSpace(scope) || scope.Any(char.IsWhiteSpace))
            {
                errors.Add($"{prefix} Scopes must be single non-empty words (got '{scope}').");
            }
        }

        foreach (var scope in options.ExchangeScopes)
        {
            if (string.IsNullOrWhiteSpace(scope) || scope.Any(char.IsWhiteSpace))
            {
                errors.Add($"{prefix} ExchangeScopes must be single non-empty words (got '{scope}').");
            }
        }

        if (!Enum.IsDefined(options.UserToken))
        {
            errors.Add($"{prefix} UserToken must be Forward or Exchange.");
        }
        else if (options.UserToken == UserTokenMode.Exchange && options.ExchangeAudience is null && options.Audience is null)
        {
            errors.Add($"{prefix} UserToken is Exchange, so ExchangeAudience (or Audience) is required: an exchanged token is asked for exactly one downstream.");
        }

        if (options.ExchangeAudience is { } exchangeAudience && string.IsNullOrWhiteSpace(exchangeAudience))
        {
            errors.Add($"{prefix} ExchangeAudience must not be blank (leave it null to use Audience).");
        }

        if (!Enum.IsDefined(options.UserTokenHeader))
        {
            errors.Add($"{prefix} UserTokenHeader must be Authorization or XUserToken.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
