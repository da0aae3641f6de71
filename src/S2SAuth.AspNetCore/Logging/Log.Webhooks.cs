using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>
/// Webhook deliveries (event ids 1700–1729). Provider names are configuration; event ids are caller text, escaped.
/// Never a secret, a signature header or a body.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1701, EventName = "WebhookRefused", Level = LogLevel.Information,
        Message = "Webhook delivery from {Provider} refused: {ErrorCode} ({Detail}) (correlation {CorrelationId}).")]
    public static partial void WebhookRefused(ILogger logger, string provider, string errorCode, string detail, string correlationId);

    [LoggerMessage(EventId = 1702, EventName = "WebhookDuplicate", Level = LogLevel.Information,
        Message = "Webhook delivery from {Provider} is a duplicate of event {EventId}: answered 200, not delivered again (correlation {CorrelationId}).")]
    public static partial void WebhookDuplicate(ILogger logger, string provider, string? eventId, string correlationId);

    [LoggerMessage(EventId = 1703, EventName = "WebhookVerified", Level = LogLevel.Debug,
        Message = "Webhook delivery from {Provider} verified: event {EventId}, {BodyBytes} body bytes (correlation {CorrelationId}).")]
    public static partial void WebhookVerified(ILogger logger, string provider, string? eventId, int bodyBytes, string correlationId);

    [LoggerMessage(EventId = 1704, EventName = "WebhookProviderUnknown", Level = LogLevel.Error,
        Message = "Endpoint {Endpoint} requires a signature of webhook provider {Provider}, which ServiceAuth:Webhooks does not configure: every delivery is answered 503 webhook_provider_unknown.")]
    public static partial void WebhookProviderUnknown(ILogger logger, string endpoint, string provider);

    [LoggerMessage(EventId = 1705, EventName = "WebhookReplayCheckUnavailable", Level = LogLevel.Warning,
        Message = "Webhook delivery from {Provider} verified but the replay store cannot answer: refused with 503 replay_check_unavailable, the endpoint did not run (correlation {CorrelationId}).")]
    public static partial void WebhookReplayCheckUnavailable(ILogger logger, string provider, string correlationId);

    [LoggerMessage(EventId = 1706, EventName = "WebhookBodyUnread", Level = LogLevel.Information,
        Message = "Webhook delivery to {Provider} ended before its body was read ({Outcome}, status {StatusCode}) (correlation {CorrelationId}).")]
    public static partial void WebhookBodyUnread(ILogger logger, string provider, string outcome, int statusCode, string correlationId);

    [LoggerMessage(EventId = 1708, EventName = "WebhookDeliveryForgotten", Level = LogLevel.Warning,
        Message = "The endpoint failed on webhook event {EventId} from {Provider} (status {StatusCode}): the event is forgotten so that the provider's retry is delivered (correlation {CorrelationId}).")]
    public static partial void WebhookDeliveryForgotten(ILogger logger, string provider, string? eventId, int statusCode, string correlationId);

    [LoggerMessage(EventId = 1709, EventName = "WebhookEndpointsUnchecked", Level = LogLevel.Debug,
        Message = "Webhook endpoints could not be listed at start-up ({ExceptionType}); an endpoint naming an unknown provider answers 503 webhook_provider_unknown.")]
    public static partial void WebhookEndpointsUnchecked(ILogger logger, string exceptionType);
}
