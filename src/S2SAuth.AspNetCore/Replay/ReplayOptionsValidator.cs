using Microsoft.Extensions.Options;

namespace S2SAuth.Replay;

/// <summary>Checks <see cref="ReplayOptions"/> at start-up.</summary>
internal sealed class ReplayOptionsValidator : IValidateOptions<ReplayOptions>
{
    public ValidateOptionsResult Validate(string? name, ReplayOptions options) =>
        options.MaxEntries is < 1_000 or > 100_000_000
            ? ValidateOptionsResult.Fail($"{ReplayOptions.SectionName}:MaxEntries must be between 1000 and 100000000 (it is {options.MaxEntries}).")
            : ValidateOptionsResult.Success;
}
