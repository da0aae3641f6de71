using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace S2SAuth.Soak;

/// <summary>Sends one <see cref="SoakRequest"/> over a keep-alive connection and hands the answer to the <see cref="Checker"/>.</summary>
internal sealed class SoakClient(HttpClient http, Checker checker, int port)
{
    private long _counter;

    /// <summary>Sends, checks, and answers the verdict, the status and the problem <c>code</c> (or <see langword="null"/>).</summary>
    public async Task<(string Verdict, int Status, string? Code)> SendAsync(SoakRequest request)
    {
        var id = Interlocked.Increment(ref _counter);
        using var message = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/tenants/{request.Tenant}/orders/{id}");
        message.Headers.TryAddWithoutValidation("X-Service-Token", request.ServiceToken);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.UserToken);
        var sentAt = Stopwatch.GetTimestamp();
        var sentAtWall = DateTimeOffset.UtcNow;
        try
        {
            using var response = await http.SendAsync(message);
            var body = await response.Content.ReadAsByteArrayAsync();
            var status = (int)response.StatusCode;
            var code = status == (int)HttpStatusCode.OK ? null : ProblemCode(body);
            return (checker.Check(request, status, code, sentAt, sentAtWall), status, code);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            checker.TransportFailure(request, sentAt, e.GetType().Name);
            return ("transport", 0, null);
        }
    }

    /// <summary>The RFC 9457 problem's <c>code</c> member, or <c>(no code)</c> when the body is not such a problem.</summary>
    private static string ProblemCode(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String ? code.GetString()! : "(no code)";
        }
        catch (JsonException)
        {
            return "(no code)";
        }
    }
}
