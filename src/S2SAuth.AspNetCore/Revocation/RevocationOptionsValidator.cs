using Microsoft.Extensions.Options;

namespace S2SAuth.Revocation;

/// <summary>Checks <see cref="RevocationOptions"/> at start-up; each message names the key and says what to do.</summary>
internal sealed class RevocationOptionsValidator : IValidateOptions<RevocationOptions>
{
    private const string S = RevocationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RevocationOptions options)
    {
        var errors = new List<string>();
        if (options.MaxEntries is < 1 or > 10_000_000)
        {
            errors.Add($"{S}:MaxEntries must be between 1 and 10000000 (it is {options.MaxEntries}); each entry costs about 250 bytes.");
        }

        if (options.MaxStaleness < TimeSpan.FromSeconds(1) || options.MaxStaleness > TimeSpan.FromHours(1))
        {
            errors.Add($"{S}:MaxStaleness must be between 00:00:01 and 01:00:00 (it is {options.MaxStaleness}).");
        }

        if (!Enum.IsDefined(options.StalePolicy))
        {
            errors.Add($"{S}:StalePolicy must be FailClosed or FailOpen.");
        }

        if (options.SweepInterval < TimeSpan.FromSeconds(1) || options.SweepInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{S}:SweepInterval must be between 00:00:01 and 01:00:00 (it is {options.SweepInterval}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
