using System.Collections.Concurrent;
using System.Globalization;

namespace S2SAuth.Soak;

/// <summary>
/// Verifies every response against its request's one right answer and counts, per second and in total. A verdict is
/// <c>ok</c>, <c>tolerated</c> (the only documented transition: a revoked token accepted within the propagation bound
/// after its revocation was confirmed by Redis), or a failure: <c>server_error</c> (5xx), <c>accepted_wrongly</c> (2xx for a
/// token that must be refused), <c>refused_valid</c>, <c>wrong_code</c> (right kind of refusal, wrong status or code),
/// <c>transport</c> (no answer: connection error or 10 s time-out).
/// </summary>
internal sealed class Checker(int seconds, TimeSpan revocationBound, long startTimestamp)
{
    public static readonly string[] Failures = ["server_error", "accepted_wrongly", "refused_valid", "wrong_code", "transport"];
    private const int MaxFailureLines = 2000;
    private static readonly TimeSpan ExpiryTolerance = TimeSpan.FromSeconds(2);

    private readonly long[] _requests = new long[seconds + 120];
    private readonly long[] _failures = new long[seconds + 120];
    private readonly long[] _tolerated = new long[seconds + 120];
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failureLines = new();

    public long Total(string name) => _totals.TryGetValue(name, out var n) ? n : 0;

    public IReadOnlyDictionary<string, long> Totals => _totals;

    /// <summary>Every (kind, status, code) seen, with its count: the table of what the service answered.</summary>
    public IReadOnlyDictionary<string, long> Answers => _answers;

    public long RequestsIn(int second) => Interlocked.Read(ref _requests[Math.Min(second, _requests.Length - 1)]);

    public long FailuresIn(int second) => Interlocked.Read(ref _failures[Math.Min(second, _failures.Length - 1)]);

    public long ToleratedIn(int second) => Interlocked.Read(ref _tolerated[Math.Min(second, _tolerated.Length - 1)]);

    public IEnumerable<string> FailureLines => _failureLines;

    public double SecondsSinceStart(long timestamp) => (timestamp - startTimestamp) / (double)System.Diagnostics.Stopwatch.Frequency;

    /// <summary>Checks one answer; <paramref name="sentAt"/> is the <see cref="System.Diagnostics.Stopwatch"/> timestamp the request was sent.</summary>
    public string Check(SoakRequest request, int status, string? code, long sentAt, DateTimeOffset sentAtWall)
    {
        var (expectedStatus, expectedCode) = Expectations.For(request.Kind);
        string verdict;
        if (status >= 500)
        {
            verdict = "server_error";
        }
        else if (status == expectedStatus && string.Equals(code, expectedCode, StringComparison.Ordinal))
        {
            verdict = "ok";
        }
        else if (status == 401 && code == "token_expired" && request.Kind == RequestKind.Revoked
            && request.ExpiresAt is { } expiresAt && sentAtWall >= expiresAt - ExpiryTolerance)
        {
            // A revoked token that has also expired by the time it is checked is refused as expired: lifetime is checked
            // before revocation, and both answers refuse it. (Its exp is whole seconds of the mint time + lifetime.)
            verdict = "ok";
        }
        else if (status is >= 200 and < 300 && request.Kind == RequestKind.Revoked
            && request.RevokedAt is { } revokedAt && sentAtWall - revokedAt < revocationBound)
        {
            verdict = "tolerated";
        }
        else if (status is >= 200 and < 300)
        {
            verdict = "accepted_wrongly";
        }
        else
        {
            verdict = request.Kind == RequestKind.Valid ? "refused_valid" : "wrong_code";
        }

        Count(sentAt, verdict);
        _answers.AddOrUpdate(string.Create(CultureInfo.InvariantCulture, $"{request.Kind},{status},{code ?? "-"}"), 1, static (_, n) => n + 1);
        if (verdict is not ("ok" or "tolerated"))
        {
            Fail(sentAt, verdict, request, string.Create(CultureInfo.InvariantCulture, $"{status},{code ?? "-"}"));
        }

        return verdict;
    }

    /// <summary>No answer at all (connection refused or reset, time-out).</summary>
    public void TransportFailure(SoakRequest request, long sentAt, string error)
    {
        Count(sentAt, "transport");
        Fail(sentAt, "transport", request, error);
    }

    /// <summary>A failure found outside a single response (e.g. a revocation never applied).</summary>
    public void Fail(string verdict, string detail)
    {
        _totals.AddOrUpdate(verdict, 1, static (_, n) => n + 1);
        if (_failureLines.Count < MaxFailureLines)
        {
            _failureLines.Enqueue($"-,{verdict},-,{detail}");
        }
    }

    private void Count(long sentAt, string verdict)
    {
        var second = Math.Clamp((int)SecondsSinceStart(sentAt), 0, _requests.Length - 1);
        Interlocked.Increment(ref _requests[second]);
        _totals.AddOrUpdate(verdict, 1, static (_, n) => n + 1);
        _totals.AddOrUpdate("requests", 1, static (_, n) => n + 1);
        if (verdict == "tolerated")
        {
            Interlocked.Increment(ref _tolerated[second]);
        }
        else if (verdict != "ok")
        {
            Interlocked.Increment(ref _failures[second]);
        }
    }

    private void Fail(long sentAt, string verdict, SoakRequest request, string got)
    {
        if (_failureLines.Count < MaxFailureLines)
        {
            // Never a token: the kind, the tenant, what was expected and what came back.
            var (s, c) = Expectations.For(request.Kind);
            _failureLines.Enqueue(string.Create(CultureInfo.InvariantCulture,
                $"{SecondsSinceStart(sentAt):F3},{verdict},{request.Kind},expected {s} {c ?? "-"} got {got}"));
        }
    }
}
