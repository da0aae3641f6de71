using System.Collections;
using System.Globalization;

namespace S2SAuth.Audit;

/// <summary>
/// The structured state of one audit log event (<see cref="LoggingAuditSink"/>): the fields, each once, absent ones left
/// out, and a short message (<c>Denied order.confirm: scope_missing</c>) instead of a template that repeats every field.
/// No <c>{OriginalFormat}</c>: ASP.NET Core's JSON console formatter prints the message and then every entry of the
/// state, so the line holds each fact once (plus the short message twice, which that formatter does for any event).
/// </summary>
internal sealed class AuditLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _fields;
    private readonly int _count;
    private readonly string _message;

    private AuditLogState(KeyValuePair<string, object?>[] fields, int count, string message)
    {
        _fields = fields;
        _count = count;
        _message = message;
    }

    public int Count => _count;

    public KeyValuePair<string, object?> this[int index] =>
        (uint)index < (uint)_count ? _fields[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The state of an event; every value is a string (text from a token or the request escaped).</summary>
    public static AuditLogState For(AuthorizationAuditEvent e, string? actors)
    {
        var fields = new KeyValuePair<string, object?>[15];
        var n = 0;
        var outcome = AuditText.Outcome(e.Outcome);
        Add(fields, ref n, "Time", e.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add(fields, ref n, "Outcome", outcome);
        Add(fields, ref n, "Activity", e.Activity);
        Add(fields, ref n, "ReasonCode", e.ReasonCode);
        Add(fields, ref n, "ServiceId", Http.RequestText.Escape(e.ServiceId));
        Add(fields, ref n, "ServiceCredential", e.ServiceCredential is { } credential ? AuditText.Credential(credential) : null);
        Add(fields, ref n, "UserId", Http.RequestText.Escape(e.UserId));
        Add(fields, ref n, "Actors", actors);
        Add(fields, ref n, "TenantId", Http.RequestText.Escape(e.TenantId));
        Add(fields, ref n, "RequestedTenantId", Http.RequestText.Escape(e.RequestedTenantId));
        Add(fields, ref n, "CrossTenant", e.CrossTenant ? "True" : null);
        Add(fields, ref n, "Endpoint", Http.RequestText.Escape(e.Endpoint));
        Add(fields, ref n, "CorrelationId", e.CorrelationId);
        Add(fields, ref n, "RequestId", e.RequestId);
        Add(fields, ref n, "WebhookEventId", e.WebhookEventId);
        var message = e.ReasonCode is null ? outcome + " " + e.Activity : outcome + " " + e.Activity + ": " + e.ReasonCode;
        return new AuditLogState(fields, n, message);
    }

    public override string ToString() => _message;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _fields[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static void Add(KeyValuePair<string, object?>[] fields, ref int n, string key, string? value)
    {
        if (value is not null)
        {
            fields[n++] = new KeyValuePair<string, object?>(key, value);
        }
    }
}
