namespace S2SAuth;

/// <summary>
/// How audit events (one per <c>RequireActivity</c> decision and per webhook delivery) are written, bound from
/// <c>ServiceAuth:Audit</c>. See docs/audit.md.
/// </summary>
public sealed class AuditOptions
{
    /// <summary>
    /// <see cref="AuditMode.Background"/> (default): a bounded queue and a background writer; or
    /// <see cref="AuditMode.Synchronous"/>: written on the request thread.
    /// </summary>
    public AuditMode Mode { get; set; } = DefaultMode();

    /// <summary>
    /// The built-in sink: <see cref="AuditSinkKind.Logger"/> (default), <see cref="AuditSinkKind.JsonConsole"/> or
    /// <see cref="AuditSinkKind.JsonFile"/>. An <see cref="IAuditSink"/> registered by the application takes precedence.
    /// </summary>
    public AuditSinkKind Sink { get; set; } = AuditSinkKind.Logger;

    /// <summary>The file <see cref="AuditSinkKind.JsonFile"/> appends to (created if missing); required for that sink.</summary>
    public string? FilePath { get; set; }

    /// <summary>Events the background queue holds at most. Default 10,000 (1–1,000,000).</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Events the background writer writes at once at most. Default 1,000 (1–100,000).</summary>
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>
    /// After writing a batch smaller than <see cref="MaxBatchSize"/>, how long the writer lets events gather before the
    /// next one: the longest an event waits in the queue when the sink keeps up. Default 100 ms (0–10 s; 0 writes each
    /// event as soon as it is queued).
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>What a request does when the queue is full. Default <see cref="AuditOverflowPolicy.Wait"/>.</summary>
    public AuditOverflowPolicy OnQueueFull { get; set; } = AuditOverflowPolicy.Wait;

    /// <summary>With <see cref="AuditOverflowPolicy.Wait"/>, the longest a request waits for room. Default 100 ms (1 ms–10 s).</summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// On graceful shutdown, how long the writer may take to write what is still queued; events left after it are
    /// counted as dropped. Default 5 s (0–5 min).
    /// </summary>
    public TimeSpan ShutdownFlushTimeout { get; set; } = TimeSpan.FromSeconds(5);

    // The test projects of this repository set the AppContext value "S2SAuth.Audit.DefaultMode" to "Synchronous" (in their
    // runtimeconfig) so that their hundreds of tests can read an audit event right after the response; a mode set in
    // configuration or code always wins.
    private static AuditMode DefaultMode() =>
        AppContext.GetData("S2SAuth.Audit.DefaultMode") is string mode && Enum.TryParse<AuditMode>(mode, ignoreCase: true, out var parsed)
            ? parsed
            : AuditMode.Background;
}
