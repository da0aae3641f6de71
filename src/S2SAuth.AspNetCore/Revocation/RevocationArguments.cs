namespace S2SAuth.Revocation;

/// <summary>The argument rules of <see cref="IRevocationService"/>, shared by every store.</summary>
internal static class RevocationArguments
{
    public const int MaxLength = 1024;

    public static void Check(string? value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length is 0 or > MaxLength)
        {
            throw new ArgumentException($"'{name}' must be 1-{MaxLength} characters.", name);
        }
    }

    /// <summary>A cut-off may lie in the future (a planned switch-off), but not beyond the retention of cut-offs.</summary>
    public static void CheckCutOff(DateTimeOffset asOf, DateTimeOffset now, TimeSpan retention, string name)
    {
        if (asOf > now + retention)
        {
            throw new ArgumentOutOfRangeException(name, "A cut-off may lie at most the longest accepted token lifetime (ServiceAuth:MaxTokenLifetime, or a kind's MaxLifetime) in the future.");
        }
    }
}
