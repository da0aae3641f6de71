namespace S2SAuth.Client;

/// <summary>
/// What an outgoing call carries over from the work that caused it: the user token to forward on
/// user-scoped calls and the correlation id. S2SAuth.AspNetCore supplies one backed by the current
/// request; a worker can register its own.
/// </summary>
public interface IOutgoingCallContext
{
    /// <summary>The verified user token of the current request, or <see langword="null"/> when there is none.</summary>
    string? UserToken { get; }

    /// <summary>The correlation id of the current workflow, or <see langword="null"/> to have one created.</summary>
    string? CorrelationId { get; }
}
