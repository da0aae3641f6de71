namespace S2SAuth.Client.Tokens;

/// <summary>
/// An access token and its times. Deliberately not a record: its text form must never show the token.
/// </summary>
internal sealed class CachedToken
{
    public CachedToken(string value, DateTimeOffset acquiredAt, DateTimeOffset expiresAt, TimeSpan refreshBeforeExpiry, TimeSpan expiryMargin)
    {
        Value = value;
        AcquiredAt = acquiredAt;
        ExpiresAt = expiresAt;
        var lifetime = expiresAt - acquiredAt;
        if (lifetime < TimeSpan.Zero)
        {
            lifetime = TimeSpan.Zero;
        }

        RefreshAt = expiresAt - Min(refreshBeforeExpiry, lifetime / 2);
        UsableUntil = expiresAt - Min(expiryMargin, lifetime / 4);
    }

    public string Value { get; }

    public DateTimeOffset AcquiredAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>From here on a background refresh is started; the token is still used.</summary>
    public DateTimeOffset RefreshAt { get; }

    /// <summary>From here on the token is no longer sent.</summary>
    public DateTimeOffset UsableUntil { get; }

    public override string ToString() => $"service token expiring {ExpiresAt:O}";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
