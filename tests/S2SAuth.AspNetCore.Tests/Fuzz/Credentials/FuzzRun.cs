using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CsCheck;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Fuzz.Credentials;

/// <summary>
/// How the credential fuzz properties run: 300 cases each (<c>S2SAUTH_FUZZ_ITER</c> to change), a random seed unless
/// <c>S2SAUTH_FUZZ_SEED</c> names one (CsCheck prints the seed of a failing case), one case at a time, 10 s per request.
/// </summary>
internal static class FuzzRun
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Every code S2SAuth documents (the constants of <see cref="AuthErrorCodes"/>).</summary>
    public static readonly FrozenSet<string> DocumentedCodes = typeof(AuthErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(static f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(static f => (string)f.GetRawConstantValue()!)
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>What <see cref="SuccessOrRefusalAsync"/> returns for the server's own 431.</summary>
    public const string HeadersTooLarge = "(431 from the server)";

    public static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("S2SAUTH_FUZZ_ITER"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 300;

    public static string? Seed => Environment.GetEnvironmentVariable("S2SAUTH_FUZZ_SEED") is { Length: > 0 } seed ? seed : null;

    /// <summary>Checks <paramref name="property"/> on <see cref="Iterations"/> cases of <paramref name="gen"/>.</summary>
    public static Task CheckAsync<T>(Gen<T> gen, Func<T, Task> property, Func<T, string>? print = null) =>
        gen.SampleAsync(property, seed: Seed, iter: Iterations, threads: 1, print: print);

    /// <summary>Sends with a deadline: a hang fails the case instead of the run.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var deadline = new CancellationTokenSource(RequestTimeout);
        try
        {
            return await client.SendAsync(request, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer within {RequestTimeout.TotalSeconds} s: {request.Method} {request.RequestUri}");
        }
    }

    /// <summary>
    /// The property of every hostile input: a success, or a 4xx problem+json whose <c>code</c> is a documented code and
    /// whose <c>status</c> is the response's. Never a 5xx. Returns the code (null on success). Kestrel's own 431 for a
    /// header block over its 32 KB limit is let through (S2SAuth never saw the request): it returns <see cref="HeadersTooLarge"/>.
    /// </summary>
    public static async Task<string?> SuccessOrRefusalAsync(HttpResponseMessage response, LogCapture? logs = null)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status is >= 200 and < 300)
        {
            return null;
        }

        if (status == 431)
        {
            return HeadersTooLarge;
        }

        Assert.True(status is >= 400 and < 500,
            $"Expected a success or a 4xx refusal, got {status}: {body} {logs?.Entries.LastOrDefault(static e => e.Exception is not null)?.Exception}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"Refusal {status} is not problem+json: {body}");
        using var json = JsonDocument.Parse(body);
        var code = json.RootElement.GetProperty("code").GetString();
        Assert.True(code is not null && DocumentedCodes.Contains(code), $"Undocumented code '{code}' in {status}: {body}");
        Assert.Equal(status, json.RootElement.GetProperty("status").GetInt32());
        return code;
    }
}
