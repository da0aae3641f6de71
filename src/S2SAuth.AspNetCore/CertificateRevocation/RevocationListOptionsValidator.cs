using Microsoft.Extensions.Options;
using S2SAuth.Client.Http;

namespace S2SAuth.CertificateRevocation;

/// <summary>
/// Checks <c>ServiceAuth:Certificates:RevocationLists</c> and its intervals at start-up: each entry is an absolute
/// https URL (http only on loopback with <c>RequireHttpsMetadata=false</c>) or a file path whose folder exists.
/// </summary>
internal sealed class RevocationListOptionsValidator : IValidateOptions<ServiceAuthOptions>
{
    /// <summary>At most this many lists: each one is held in memory and checked per connection.</summary>
    public const int MaxSources = 64;

    private const string Section = ServiceAuthOptions.SectionName + ":Certificates";

    public ValidateOptionsResult Validate(string? name, ServiceAuthOptions options)
    {
        var certificates = options.Certificates;
        if (certificates is null)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (certificates.RevocationLists is null)
        {
            errors.Add($"{Section}:RevocationLists must not be null.");
            return ValidateOptionsResult.Fail(errors);
        }

        if (certificates.RevocationLists.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        if (certificates.RevocationLists.Count > MaxSources)
        {
            errors.Add($"{Section}:RevocationLists names {certificates.RevocationLists.Count} lists; at most {MaxSources} are supported.");
        }

        for (var i = 0; i < certificates.RevocationLists.Count; i++)
        {
            CheckSource(errors, i, certificates.RevocationLists[i], options.RequireHttpsMetadata);
        }

        if (certificates.RevocationListRefreshInterval <= TimeSpan.Zero || certificates.RevocationListRefreshInterval > TimeSpan.FromDays(7))
        {
            errors.Add($"{Section}:RevocationListRefreshInterval must be positive and at most 7 days (it is {certificates.RevocationListRefreshInterval}).");
        }

        if (certificates.RevocationListMaxStaleness < TimeSpan.Zero || certificates.RevocationListMaxStaleness > TimeSpan.FromDays(30))
        {
            errors.Add($"{Section}:RevocationListMaxStaleness must be between 0 and 30 days (it is {certificates.RevocationListMaxStaleness}).");
        }

        if (certificates.ReloadInterval <= TimeSpan.Zero || certificates.ReloadInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{Section}:ReloadInterval must be positive and at most 1 day (it is {certificates.ReloadInterval}); revocation list files are checked that often.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckSource(List<string> errors, int index, string? value, bool requireHttps)
    {
        var source = RevocationListSource.Parse(index, value, out var error);
        if (source is null)
        {
            errors.Add($"{Section}:RevocationLists:{index} {error}: write an absolute http(s) URL or a file path (DER or PEM CRL).");
            return;
        }

        if (source.Url is { } url)
        {
            if (!UrlRules.IsAcceptable(url, requireHttps))
            {
                errors.Add($"{Section}:RevocationLists:{index} uses http on '{url.Host}': use https (plain http is allowed only on loopback with {ServiceAuthOptions.SectionName}:RequireHttpsMetadata=false).");
            }

            return;
        }

        var folder = Path.GetDirectoryName(source.Path);
        if (Directory.Exists(source.Path) || folder is null || !Directory.Exists(folder))
        {
            errors.Add($"{Section}:RevocationLists:{index} is not a file in an existing folder ('{source.Path}'): write the path of a DER or PEM CRL file (it may appear later, its folder must exist).");
        }
    }
}
