using System.Text.Json;

namespace Orders.Downstream;

/// <summary>Reads a downstream answer: the body on success, else a <see cref="DownstreamRefusedException"/> with its error code.</summary>
internal static class DownstreamResponse
{
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, string service, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
                ?? throw new DownstreamRefusedException(service, (int)response.StatusCode, "empty_body");
        }

        string? code = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            code = body.RootElement.TryGetProperty("code", out var value) ? value.GetString() : null;
        }
        catch (JsonException)
        {
        }

        throw new DownstreamRefusedException(service, (int)response.StatusCode, code);
    }
}
