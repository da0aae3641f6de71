using System.Net;
using System.Text.Json;

namespace Demo.Infrastructure;

/// <summary>A service's answer: status, S2SAuth (or sample) error code, body, and the echoed correlation id.</summary>
public sealed record CallResult(HttpStatusCode Status, string? Code, JsonElement Body, string? CorrelationId)
{
    public string? Property(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    public override string ToString() => Code is null ? $"{(int)Status} {Status}" : $"{(int)Status} {Code}";

    public static async Task<CallResult> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var body = default(JsonElement);
        try
        {
            body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        var code = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var c) ? c.GetString() : null;
        var correlation = response.Headers.TryGetValues("X-Correlation-Id", out var values) ? values.FirstOrDefault() : null;
        return new CallResult(response.StatusCode, code, body, correlation);
    }
}
