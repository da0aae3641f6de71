using Microsoft.Extensions.Options;

namespace S2SAuth.Audit;

/// <summary>Checks <c>ServiceAuth:Audit</c> at start-up; each message names the key and its range.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<ServiceAuthOptions>
{
    private const string Section = ServiceAuthOptions.SectionName + ":Audit";

    public ValidateOptionsResult Validate(string? name, ServiceAuthOptions options)
    {
        var audit = options.Audit;
        if (audit is null)
        {
            return ValidateOptionsResult.Fail($"{Section} must not be null.");
        }

        var errors = new List<string>();
        if (!Enum.IsDefined(audit.Mode))
        {
            errors.Add($"{Section}:Mode must be Background or Synchronous.");
        }

        if (!Enum.IsDefined(audit.Sink))
        {
            errors.Add($"{Section}:Sink must be Logger, JsonConsole or JsonFile.");
        }

        if (!Enum.IsDefined(audit.OnQueueFull))
        {
            errors.Add($"{Section}:OnQueueFull must be Wait, DropNewest or WriteSynchronously.");
        }

        if (audit.Sink == AuditSinkKind.JsonFile && string.IsNullOrWhiteSpace(audit.FilePath))
        {
            errors.Add($"{Section}:FilePath is required when {Section}:Sink is JsonFile.");
        }

        Range(errors, "QueueCapacity", audit.QueueCapacity, 1, 1_000_000);
        Range(errors, "MaxBatchSize", audit.MaxBatchSize, 1, 100_000);
        Range(errors, "FlushInterval", audit.FlushInterval, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Range(errors, "MaxQueueWait", audit.MaxQueueWait, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10));
        Range(errors, "ShutdownFlushTimeout", audit.ShutdownFlushTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range<T>(List<string> errors, string key, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            errors.Add($"{Section}:{key} must be between {min} and {max} (it is {value}).");
        }
    }
}
