using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Demo.Infrastructure;

/// <summary>
/// The user's browser or app, through a gateway that only routes: it sends the user's token
/// (<c>Authorization: Bearer</c>) and nothing else. It is not a service and has no service token.
/// </summary>
public sealed class FrontEnd(HttpClient orders)
{
    public async Task<CallResult> ConfirmOrderAsync(string orderId, string tenantId, string? userToken, string? correlationId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/orders/{orderId}:confirm")
        {
            Content = JsonContent.Create(new { tenantId }),
        };
        if (userToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", userToken);
        }

        if (correlationId is not null)
        {
            request.Headers.Add("X-Correlation-Id", correlationId);
        }
        using var response = await orders.SendAsync(request, cancellationToken);
        return await CallResult.ReadAsync(response, cancellationToken);
    }
}
