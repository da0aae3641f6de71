using System.Text.Json;

namespace Billing.Reconciliation;

/// <summary>The job's typed client for Pricing. S2SAuth's handler adds the service token; this class only speaks JSON.</summary>
public sealed class PricingClient(HttpClient http)
{
    public async Task<PriceQuote> ResolveAsync(string tenantId, string sku, int quantity, string correlationId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/prices:resolve")
        {
            Content = JsonContent.Create(new { tenantId, sku, quantity }),
        };
        request.Headers.Add("X-Correlation-Id", correlationId); // one id for the whole run: it ties the run's audit lines together
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadFromJsonAsync<PriceQuote>(cancellationToken)
                ?? throw new PricingRefusedException((int)response.StatusCode, "empty_body");
        }

        throw new PricingRefusedException((int)response.StatusCode, await ErrorCodeAsync(response, cancellationToken));
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return body.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
