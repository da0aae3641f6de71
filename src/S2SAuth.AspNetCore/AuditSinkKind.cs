namespace S2SAuth;

/// <summary>The built-in sink audit events go to, unless the application registers its own <see cref="IAuditSink"/>.</summary>
public enum AuditSinkKind
{
    /// <summary>
    /// One structured log event per decision through <c>ILogger</c>, category <c>S2SAuth.Audit</c>, event id 3001 (1707 for
    /// a webhook delivery): whatever logging providers the application has (console, OpenTelemetry, ...). The default.
    /// </summary>
    Logger = 0,

    /// <summary>One JSON object per line on the process's standard output, written directly, one write per batch.</summary>
    JsonConsole = 1,

    /// <summary>One JSON object per line appended to <see cref="AuditOptions.FilePath"/>, one write and flush per batch.</summary>
    JsonFile = 2,
}
