using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Benchmarks.Framework;
using S2SAuth.Caching;
using S2SAuth.Revocation;

namespace S2SAuth.Benchmarks.Verification;

/// <summary>
/// What the revocation check adds to a verified-token cache hit, side by side in one run: the same request (service +
/// user token, both cache hits) on a host without revocation (the baseline, as in <see cref="TokenPairBenchmarks"/>)
/// and on a host with <c>AddRevocation()</c> holding 10,000 revoked tokens and 1,000 subject cut-offs, one of them
/// the calling service's (cut off before its token was issued, so the lookup hits and compares). Also the check alone,
/// for both tokens. No Redis: the check reads memory only, whatever the store.
/// </summary>
[MemoryDiagnoser]
public class RevocationBenchmarks
{
    private S2SAuthHost _plain = null!;
    private S2SAuthHost _revoking = null!;
    private RequestSteps _plainSteps = null!;
    private RequestSteps _revokingSteps = null!;
    private RevocationCheck _check = null!;
    private VerifiedTokenInfo _service = null!;
    private VerifiedTokenInfo _user = null!;
    private long _now;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _plain = await S2SAuthHost.StartAsync("ES256");
        _revoking = await S2SAuthHost.StartAsync("ES256", static b => b.AddRevocation(o => o.MaxEntries = 20_000));
        _plainSteps = new RequestSteps(_plain);
        _revokingSteps = new RequestSteps(_revoking);
        var revocations = _revoking.Services.GetRequiredService<IRevocationService>();
        var issuer = _revoking.Issuer.Issuer;
        var exp = DateTimeOffset.UtcNow.AddMinutes(30);
        for (var i = 0; i < 10_000; i++)
        {
            await revocations.RevokeTokenAsync(issuer, Guid.NewGuid().ToString("N"), exp);
        }

        for (var i = 0; i < 999; i++)
        {
            await revocations.CutOffSubjectAsync(issuer, "service-" + i, DateTimeOffset.UtcNow);
        }

        Check(await _plainSteps.AuthenticateAsync(_plain.Http) && await _revokingSteps.AuthenticateAsync(_revoking.Http), "both hosts verify the pair");
        var cached = _revoking.Services.GetRequiredService<VerifiedTokenCache>().Entries.Select(e => e.Verified.Info).ToList();
        _service = cached.Single(i => i.Kind == TokenKind.Service);
        _user = cached.Single(i => i.Kind == TokenKind.User);
        await revocations.CutOffSubjectAsync(issuer, _service.Subject, _service.IssuedAt.AddSeconds(-1));
        _check = _revoking.Services.GetRequiredService<RevocationCheck>();
        _now = DateTimeOffset.UtcNow.UtcTicks;
        Check(!RevocationCheckOnly() && await RepeatedWithRevocationAsync(), "the pair is checked and let through");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _plain.DisposeAsync();
        await _revoking.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "S2SAuth pair, cache hit (no revocation)")]
    public ValueTask<bool> RepeatedAsync() => _plainSteps.AuthenticateAsync(_plain.Http);

    [Benchmark(Description = "S2SAuth pair, cache hit + revocation (10k revoked, 1k cut-offs)")]
    public ValueTask<bool> RepeatedWithRevocationAsync() => _revokingSteps.AuthenticateAsync(_revoking.Http);

    [Benchmark(Description = "revocation check alone, x2 (service + user token)")]
    public bool RevocationCheckOnly() =>
        _check.Refuses(_service, _now, out _) | _check.Refuses(_user, _now, out _);

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
