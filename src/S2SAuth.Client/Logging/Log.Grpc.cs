using Microsoft.Extensions.Logging;

namespace S2SAuth.Client.Logging;

/// <summary>The log lines of gRPC calls made through S2SAuth's client handler (event ids 2500–2519).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2501, EventName = "GrpcServiceTokenRejected", Level = LogLevel.Information,
        Message = "{Host} answered gRPC Unauthenticated invalid_token to client {ClientName}; the call is not sent again (a gRPC body is written once), and the next call uses a refreshed service token: {Refreshed} (correlation {CorrelationId}).")]
    public static partial void GrpcTokenRejected(ILogger logger, string host, string clientName, bool refreshed, string correlationId);
}
