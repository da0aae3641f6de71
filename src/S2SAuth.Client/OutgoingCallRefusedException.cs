namespace S2SAuth.Client;

/// <summary>
/// Thrown when S2SAuth refuses to send an outgoing call: the host may not receive the service token, a
/// redirect leads to such a host, a user-scoped call has no user token, or a signed request cannot be signed (its body
/// is too large to buffer, or a covered component is absent). Nothing was sent to that host.
/// </summary>
public sealed class OutgoingCallRefusedException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public OutgoingCallRefusedException()
        : this("The outgoing call was refused by S2SAuth.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OutgoingCallRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public OutgoingCallRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal OutgoingCallRefusedException(OutgoingCallRefusalReason reason, string clientName, string? host)
        : base(Describe(reason, clientName, host))
    {
        Reason = reason;
        ClientName = clientName;
        Host = host;
    }

    internal OutgoingCallRefusedException(OutgoingCallRefusalReason reason, string clientName, string? host, string message)
        : base(message)
    {
        Reason = reason;
        ClientName = clientName;
        Host = host;
    }

    /// <summary>Why the call was refused.</summary>
    public OutgoingCallRefusalReason Reason { get; }

    /// <summary>The name of the <c>HttpClient</c> that refused it.</summary>
    public string? ClientName { get; }

    /// <summary>The host the call (or redirect) was headed for.</summary>
    public string? Host { get; }

    private static string Describe(OutgoingCallRefusalReason reason, string clientName, string? host) => reason switch
    {
        OutgoingCallRefusalReason.HostNotAllowed =>
            $"HttpClient '{clientName}' may not send its service token to '{host}': that scheme, host and port are not in its AllowedHosts (default: the BaseAddress). Nothing was sent.",
        OutgoingCallRefusalReason.RedirectToDisallowedHost =>
            $"HttpClient '{clientName}' was redirected to '{host}', which is not in its AllowedHosts; the redirect was not followed and no token was sent there.",
        _ =>
            $"HttpClient '{clientName}' makes a user-scoped call but there is no user token in the current context; the call was not sent as the service alone.",
    };
}
