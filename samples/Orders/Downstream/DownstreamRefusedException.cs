namespace Orders.Downstream;

/// <summary>A downstream service answered with an error: its name, status and S2SAuth error code (if any).</summary>
public sealed class DownstreamRefusedException : Exception
{
    public DownstreamRefusedException()
    {
    }

    public DownstreamRefusedException(string message)
        : base(message)
    {
    }

    public DownstreamRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DownstreamRefusedException(string service, int status, string? code)
        : base($"{service} answered {status} {code ?? "(no code)"}.")
    {
        Service = service;
        Status = status;
        Code = code;
    }

    public string Service { get; } = string.Empty;

    public int Status { get; }

    public string? Code { get; }
}
