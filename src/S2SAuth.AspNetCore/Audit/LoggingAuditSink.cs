using Microsoft.Extensions.Logging;
using S2SAuth.Http;

namespace S2SAuth.Audit;

/// <summary>
/// The default <see cref="IAuditSink"/>: one structured log event per decision, category <c>S2SAuth.Audit</c>, event 3001
/// (1707 for a webhook delivery). In the default background mode it is called on the audit writer's thread.
/// </summary>
internal sealed class LoggingAuditSink : IAuditSink
{
    public const string Category = "S2SAuth.Audit";

    private const int MaxActorLength = 256;

    private static readonly EventId DecisionEvent = new(3001, "AuthorizationDecision");
    private static readonly EventId WebhookEvent = new(1707, "WebhookAudit");

    private readonly ILogger _logger;

    public LoggingAuditSink(ILoggerFactory loggerFactory) => _logger = loggerFactory.CreateLogger(Category);

    public ValueTask WriteAsync(AuthorizationAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return ValueTask.CompletedTask;
        }

        // Every field once, absent ones left out, a short message (AuditLogState). Request text in the event is already
        // log-safe (requested tenant, endpoint method, correlation ids, webhook event id); the ids from the tokens are the
        // issuer's, and escaped all the same so that no field can start a line of its own.
        var webhook = auditEvent.Activity.StartsWith(S2SAuth.Webhooks.WebhookAudit.ActivityPrefix, StringComparison.Ordinal);
        var state = AuditLogState.For(auditEvent, ActorsField(auditEvent.Actors));
        _logger.Log(LogLevel.Information, webhook ? WebhookEvent : DecisionEvent, state, null, static (s, _) => s.ToString());
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The delegation chain as one field: the actors most recent first, joined by <c>&lt;</c> ("received from"), e.g.
    /// <c>orders-service&lt;billing-worker</c>; each id escaped, and a <c>&lt;</c> inside an id written <c>\u003C</c>, so
    /// no id can forge another actor. <see langword="null"/> without a chain.
    /// </summary>
    internal static string? ActorsField(IReadOnlyList<string>? actors)
    {
        if (actors is not { Count: > 0 })
        {
            return null;
        }

        var parts = new string[actors.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = RequestText.Escape(actors[i], MaxActorLength)!.Replace("<", "\\u003C", StringComparison.Ordinal);
        }

        return string.Join('<', parts);
    }
}
