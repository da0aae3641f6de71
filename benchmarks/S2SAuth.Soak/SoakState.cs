using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using S2SAuth.Testing;

namespace S2SAuth.Soak;

/// <summary>What the soak's tasks share: the clock, the signing key and token pool in use, revoked tokens, events.</summary>
internal sealed class SoakState(TestIssuer issuer, TestSigningKey firstKey)
{
    private readonly Lock _gate = new();
    private List<(SoakRequest Request, DateTimeOffset Expires)> _revoked = [];

    /// <summary>The run's clock: every schedule and the per-second buckets count from here (set when the load starts).</summary>
    public long StartTimestamp { get; private set; } = Stopwatch.GetTimestamp();

    public void StartClock() => StartTimestamp = Stopwatch.GetTimestamp();

    public TestIssuer Issuer { get; } = issuer;

    public TestSigningKey CurrentKey { get; private set; } = firstKey;

    public TokenPool Pool { get; private set; } = TokenPool.Mint(issuer, firstKey);

    public ConcurrentQueue<(double At, string Event)> Events { get; } = new();

    public ConcurrentQueue<double> RevocationLagsMs { get; } = new();

    public double Elapsed => Stopwatch.GetElapsedTime(StartTimestamp).TotalSeconds;

    public void Event(string text)
    {
        Events.Enqueue((Elapsed, text));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{Elapsed,6:F1} s] {text}"));
    }

    /// <summary>Signs from now on with <paramref name="key"/> (already published): a new pool is minted and swapped in whole.</summary>
    public void SignWith(TestSigningKey key)
    {
        var pool = TokenPool.Mint(Issuer, key);
        lock (_gate)
        {
            CurrentKey = key;
            Pool = pool;
        }
    }

    public void AddRevoked(SoakRequest request, DateTimeOffset expires)
    {
        lock (_gate)
        {
            // Kept while the token is well before its exp (so its one right answer stays token_revoked, not token_expired).
            var now = DateTimeOffset.UtcNow;
            _revoked = [.. _revoked.Where(r => r.Expires - now > TimeSpan.FromSeconds(20)), (request, expires)];
        }
    }

    public SoakRequest? PickRevoked(Random random)
    {
        var revoked = Volatile.Read(ref _revoked);
        if (revoked.Count == 0)
        {
            return null;
        }

        var (request, expires) = revoked[random.Next(revoked.Count)];
        return expires - DateTimeOffset.UtcNow > TimeSpan.FromSeconds(15) ? request : null;
    }
}
