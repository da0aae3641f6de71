using System.Text.Json;

namespace S2SAuth.Audit;

/// <summary>
/// One audit event as one JSON object (the line format of the JSON sinks): each fact once, absent fields left out.
/// <see cref="Utf8JsonWriter"/>'s default encoder escapes control characters, quotes, non-ASCII and HTML-sensitive
/// characters as <c>\uXXXX</c>, so no value can end the line or the object.
/// </summary>
internal static class AuditJson
{
    public static void Write(Utf8JsonWriter json, AuthorizationAuditEvent e)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "s2sauth.audit"u8);
        json.WriteString("timestamp"u8, e.Timestamp.UtcDateTime);
        json.WriteString("outcome"u8, AuditText.Outcome(e.Outcome));
        json.WriteString("activity"u8, e.Activity);
        WriteIfSet(json, "reasonCode"u8, e.ReasonCode);
        if (e.StatusCode is { } status)
        {
            json.WriteNumber("statusCode"u8, status);
        }

        WriteIfSet(json, "serviceId"u8, e.ServiceId);
        if (e.ServiceCredential is { } credential)
        {
            json.WriteString("serviceCredential"u8, AuditText.Credential(credential));
        }

        WriteIfSet(json, "userId"u8, e.UserId);
        if (e.Actors is { Count: > 0 } actors)
        {
            json.WriteStartArray("actors"u8);
            foreach (var actor in actors)
            {
                json.WriteStringValue(actor);
            }

            json.WriteEndArray();
        }

        WriteIfSet(json, "tenantId"u8, e.TenantId);
        WriteIfSet(json, "requestedTenantId"u8, e.RequestedTenantId);
        if (e.CrossTenant)
        {
            json.WriteBoolean("crossTenant"u8, true);
        }

        json.WriteString("endpoint"u8, e.Endpoint);
        json.WriteString("correlationId"u8, e.CorrelationId);
        json.WriteString("requestId"u8, e.RequestId);
        WriteIfSet(json, "webhookEventId"u8, e.WebhookEventId);
        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
