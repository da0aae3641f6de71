namespace S2SAuth.Keys;

/// <summary>The last key fetch that brought no usable keys: its stable reason code (never a message) and when it ended.</summary>
internal sealed record KeyRefreshFailure(string Reason, DateTimeOffset At);
