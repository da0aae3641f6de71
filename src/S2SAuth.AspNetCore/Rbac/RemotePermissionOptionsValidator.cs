using System.Net;
using Microsoft.Extensions.Options;

namespace S2SAuth.Rbac;

/// <summary>Checks <see cref="RemotePermissionOptions"/> at start-up; each message names the key.</summary>
internal sealed class RemotePermissionOptionsValidator : IValidateOptions<RemotePermissionOptions>
{
    private const string S = RemotePermissionOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RemotePermissionOptions options)
    {
        var errors = new List<string>();
        if (options.Endpoint is not { IsAbsoluteUri: true } endpoint || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{S}:Endpoint is required: the absolute http(s) URL of the RBAC service's check endpoint.");
        }
        else if (endpoint.Scheme == Uri.UriSchemeHttp && options.RequireHttps && !IsLoopback(endpoint))
        {
            errors.Add($"{S}:Endpoint uses http on '{endpoint.Host}': use https, or set {S}:RequireHttps=false inside a trusted network.");
        }

        if (options.CacheDuration < TimeSpan.Zero || options.CacheDuration > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{S}:CacheDuration must be between 00:00:00 and 00:05:00 (it is {options.CacheDuration}).");
        }

        if (options.CacheSize is < 1 or > 1_000_000)
        {
            errors.Add($"{S}:CacheSize must be between 1 and 1000000 (it is {options.CacheSize}).");
        }

        if (options.Timeout < TimeSpan.FromMilliseconds(10) || options.Timeout > TimeSpan.FromSeconds(30))
        {
            errors.Add($"{S}:Timeout must be between 00:00:00.010 and 00:00:30 (it is {options.Timeout}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
