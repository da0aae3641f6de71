using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Revocation;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Revocation;

/// <summary>
/// The in-memory revocation state and store: entries kept until they can no longer matter then forgotten, the cut-off
/// boundary to the second, the cap (fail closed), idempotent replays, observers, and staleness with a shared store.
/// </summary>
public sealed class RevocationStateTests : IDisposable
{
    private const string Issuer = "https://issuer.test";
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly RecordingObserver _observer = new();
    private readonly LogCapture _logs = new();
    private ServiceProvider? _provider;

    public void Dispose()
    {
        _provider?.Dispose();
        _logs.Dispose();
    }

    private (RevocationState State, IRevocationService Service) Start(Action<RevocationOptions>? configure = null, Action<ServiceAuthOptions>? serviceAuth = null)
    {
        Build(configure, serviceAuth);
        return (_provider!.GetRequiredService<RevocationState>(), _provider!.GetRequiredService<IRevocationService>());
    }

    private void Build(Action<RevocationOptions>? configure, Action<ServiceAuthOptions>? serviceAuth = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IRevocationObserver>(_observer);
        services.AddServiceAuth(o =>
        {
            o.Authority = Issuer;
            o.Audience = "pricing-service";
            o.ClockSkew = Skew;
            o.MaxTokenLifetime = Lifetime;
            serviceAuth?.Invoke(o);
        }).AddRevocation(configure);
        _provider = services.BuildServiceProvider();
    }

    private VerifiedTokenInfo Token(string jti = "jti-1", string subject = "orders-service", DateTimeOffset? issuedAt = null, string issuer = Issuer) =>
        new(TokenKind.Service, issuer, subject, jti, issuedAt ?? _time.GetUtcNow(), (issuedAt ?? _time.GetUtcNow()) + TimeSpan.FromMinutes(5), null, null);

    private RevocationVerdict Check(RevocationState state, VerifiedTokenInfo token) => state.Check(token, _time.GetUtcNow().UtcTicks);

    [Fact]
    public async Task A_revoked_token_is_refused_until_its_exp_plus_clock_skew_then_forgotten()
    {
        var (state, service) = Start();
        var exp = _time.GetUtcNow().AddMinutes(5);
        await service.RevokeTokenAsync(Issuer, "jti-1", exp);

        Assert.Equal(RevocationVerdict.TokenRevoked, Check(state, Token("jti-1")));
        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token("jti-2")));
        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token("jti-1", issuer: "https://other.test")));

        _time.SetUtcNow(exp + Skew - TimeSpan.FromTicks(1));
        Assert.Equal(0, state.Sweep(_time.GetUtcNow().UtcTicks));
        Assert.Equal(RevocationVerdict.TokenRevoked, Check(state, Token("jti-1")));

        _time.SetUtcNow(exp + Skew);
        Assert.Equal(1, state.Sweep(_time.GetUtcNow().UtcTicks));
        Assert.Equal(0, state.TokenCount);
        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token("jti-1")));
    }

    [Fact]
    public async Task The_sweeper_forgets_expired_entries_on_its_own()
    {
        var (state, service) = Start(o => o.SweepInterval = TimeSpan.FromSeconds(10));
        foreach (var host in _provider!.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
        {
            await host.StartAsync(CancellationToken.None);
        }

        await service.RevokeTokenAsync(Issuer, "jti-1", _time.GetUtcNow().AddSeconds(5));
        Assert.Equal(1, state.TokenCount);
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(0, state.TokenCount);
    }

    [Fact]
    public async Task A_token_without_jti_is_never_matched_and_an_empty_jti_cannot_be_revoked()
    {
        var (state, service) = Start();
        await Assert.ThrowsAsync<ArgumentException>(() => service.RevokeTokenAsync(Issuer, "", _time.GetUtcNow().AddMinutes(5)));
        await Assert.ThrowsAsync<ArgumentException>(() => service.RevokeTokenAsync("", "jti-1", _time.GetUtcNow().AddMinutes(5)));
        await Assert.ThrowsAsync<ArgumentException>(() => service.RevokeTokenAsync(Issuer, new string('a', 1025), _time.GetUtcNow().AddMinutes(5)));
        await service.RevokeTokenAsync(Issuer, "jti-1", _time.GetUtcNow().AddMinutes(5));

        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token("")));
    }

    [Fact]
    public async Task A_subject_cut_off_refuses_tokens_issued_before_T_and_accepts_one_issued_at_exactly_T()
    {
        var (state, service) = Start();
        var t = _time.GetUtcNow();
        await service.CutOffSubjectAsync(Issuer, "orders-service", t);

        Assert.Equal(RevocationVerdict.SubjectCutOff, Check(state, Token(subject: "orders-service", issuedAt: t - TimeSpan.FromSeconds(1))));
        Assert.Equal(RevocationVerdict.SubjectCutOff, Check(state, Token(subject: "orders-service", issuedAt: t - TimeSpan.FromTicks(1))));
        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token(subject: "orders-service", issuedAt: t)));
        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token(subject: "orders-service", issuedAt: t + TimeSpan.FromSeconds(1))));
        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token(subject: "billing-service", issuedAt: t - TimeSpan.FromSeconds(1))));
        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token(subject: "orders-service", issuedAt: t - TimeSpan.FromSeconds(1), issuer: "https://other.test")));
    }

    [Fact]
    public async Task A_cut_off_is_kept_for_the_longest_accepted_token_lifetime_plus_skew_then_forgotten()
    {
        var (state, service) = Start();
        var t = _time.GetUtcNow();
        await service.CutOffSubjectAsync(Issuer, "orders-service", t);

        _time.SetUtcNow(t + Lifetime + Skew - TimeSpan.FromTicks(1));
        Assert.Equal(0, state.Sweep(_time.GetUtcNow().UtcTicks));
        _time.SetUtcNow(t + Lifetime + Skew);
        Assert.Equal(1, state.Sweep(_time.GetUtcNow().UtcTicks));
        Assert.Equal(0, state.SubjectCount);
    }

    [Fact]
    public async Task A_cut_off_outlives_the_longest_lifetime_any_kind_accepts_not_only_MaxTokenLifetime()
    {
        var userLifetime = TimeSpan.FromHours(3);
        var (state, service) = Start(serviceAuth: o => o.UserTokens.MaxLifetime = userLifetime);
        var t = _time.GetUtcNow();
        await service.CutOffSubjectAsync(Issuer, "alice", t);

        _time.SetUtcNow(t + userLifetime + Skew - TimeSpan.FromTicks(1));
        Assert.Equal(0, state.Sweep(_time.GetUtcNow().UtcTicks));
        Assert.Equal(1, state.SubjectCount);
        _time.SetUtcNow(t + userLifetime + Skew);
        Assert.Equal(1, state.Sweep(_time.GetUtcNow().UtcTicks));
    }

    [Fact]
    public async Task A_later_revocation_supersedes_an_earlier_one_and_replays_change_nothing()
    {
        var (state, service) = Start();
        var t = _time.GetUtcNow();
        await service.CutOffSubjectAsync(Issuer, "orders-service", t);
        Assert.Equal(ApplyOutcome.Extended, state.ApplyCutOff(Issuer, "orders-service", t + TimeSpan.FromSeconds(10), RevocationState.StoreSource));
        Assert.Equal(ApplyOutcome.Unchanged, state.ApplyCutOff(Issuer, "orders-service", t, RevocationState.StoreSource));
        Assert.Equal(RevocationVerdict.SubjectCutOff, Check(state, Token(issuedAt: t + TimeSpan.FromSeconds(5))));

        await service.RevokeTokenAsync(Issuer, "jti-1", t.AddMinutes(5));
        Assert.Equal(ApplyOutcome.Unchanged, state.ApplyToken(Issuer, "jti-1", t.AddMinutes(5), RevocationState.StoreSource));
        Assert.Equal(ApplyOutcome.Unchanged, state.ApplyToken(Issuer, "jti-1", t.AddMinutes(1), RevocationState.StoreSource));
        Assert.Equal(1, state.TokenCount);
    }

    [Fact]
    public async Task Observers_hear_every_applied_revocation_local_or_from_the_store_but_not_a_replay()
    {
        var (state, service) = Start();
        var t = _time.GetUtcNow();
        await service.RevokeTokenAsync(Issuer, "jti-1", t.AddMinutes(5));
        state.ApplyToken(Issuer, "jti-2", t.AddMinutes(5), RevocationState.StoreSource);
        state.ApplyToken(Issuer, "jti-2", t.AddMinutes(5), RevocationState.StoreSource);
        await service.CutOffSubjectAsync(Issuer, "orders-service", t);

        Assert.Equal(["token jti-1", "token jti-2", "subject orders-service"], _observer.Seen);
    }

    [Fact]
    public async Task An_already_expired_revocation_is_not_held_and_a_far_exp_is_held_only_as_long_as_any_token_can_live()
    {
        var (state, service) = Start();
        var t = _time.GetUtcNow();
        await service.RevokeTokenAsync(Issuer, "old", t - Skew - TimeSpan.FromSeconds(1));
        Assert.Equal(0, state.TokenCount);

        await service.RevokeTokenAsync(Issuer, "far", t.AddYears(10));
        _time.SetUtcNow(t + Lifetime + Skew + Skew);
        Assert.Equal(1, state.Sweep(_time.GetUtcNow().UtcTicks));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.CutOffSubjectAsync(Issuer, "orders-service", _time.GetUtcNow() + Lifetime + Skew + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task At_the_cap_expired_entries_make_room_and_otherwise_the_state_fails_closed_until_the_overflowing_entry_expires()
    {
        var (state, service) = Start(o => o.MaxEntries = 3);
        var t = _time.GetUtcNow();
        await service.RevokeTokenAsync(Issuer, "a", t.AddSeconds(10));
        await service.RevokeTokenAsync(Issuer, "b", t.AddMinutes(5));
        await service.CutOffSubjectAsync(Issuer, "orders-service", t);

        // "a" has expired: the cap sweeps it out and the new entry fits.
        _time.SetUtcNow(t.AddSeconds(10) + Skew);
        await service.RevokeTokenAsync(Issuer, "c", t.AddMinutes(5));
        Assert.Equal(RevocationVerdict.TokenRevoked, Check(state, Token("c", issuedAt: _time.GetUtcNow())));
        Assert.Equal(3, state.TokenCount + state.SubjectCount);

        // Nothing has expired: "d" does not fit, so every token is refused until "d" would have expired.
        var dExp = _time.GetUtcNow().AddMinutes(2);
        await service.RevokeTokenAsync(Issuer, "d", dExp);
        Assert.Equal(3, state.TokenCount + state.SubjectCount);
        Assert.Equal(RevocationVerdict.Overflow, Check(state, Token("unrelated", subject: "billing-service", issuedAt: _time.GetUtcNow())));
        Assert.Equal(RevocationVerdict.Overflow, Check(state, Token("d", subject: "billing-service", issuedAt: _time.GetUtcNow())));
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 1304 && e.Level == LogLevel.Error);

        _time.SetUtcNow(dExp + Skew);
        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token("unrelated", subject: "billing-service", issuedAt: _time.GetUtcNow())));
    }

    [Fact]
    public void With_a_shared_store_the_state_refuses_until_loaded_then_past_MaxStaleness_by_default()
    {
        var (state, _) = Start(o =>
        {
            o.SharedStore = true;
            o.MaxStaleness = TimeSpan.FromSeconds(10);
        });
        Assert.Equal(RevocationVerdict.Stale, Check(state, Token()));

        state.MarkSynchronized(_time.GetUtcNow().UtcTicks);
        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token()));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token()));
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(RevocationVerdict.Stale, Check(state, Token()));
        state.ReportStaleness(_time.GetUtcNow().UtcTicks);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 1305);

        state.MarkSynchronized(_time.GetUtcNow().UtcTicks);
        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token()));
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 1306);
    }

    [Fact]
    public void Fail_open_lets_other_tokens_through_when_stale_but_keeps_applying_the_last_state()
    {
        var (state, _) = Start(o =>
        {
            o.SharedStore = true;
            o.MaxStaleness = TimeSpan.FromSeconds(10);
            o.StalePolicy = RevocationStalePolicy.FailOpen;
        });
        Assert.Equal(RevocationVerdict.Stale, Check(state, Token()));
        state.MarkSynchronized(_time.GetUtcNow().UtcTicks);
        state.ApplyToken(Issuer, "jti-1", _time.GetUtcNow().AddMinutes(5), RevocationState.StoreSource);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(RevocationVerdict.Allowed, Check(state, Token("jti-2")));
        Assert.Equal(RevocationVerdict.TokenRevoked, Check(state, Token("jti-1")));
    }

    [Theory]
    [InlineData("MaxEntries", "ServiceAuth:Revocation:MaxEntries")]
    [InlineData("MaxStaleness", "ServiceAuth:Revocation:MaxStaleness")]
    [InlineData("SweepInterval", "ServiceAuth:Revocation:SweepInterval")]
    public void Bad_options_fail_at_start_up_naming_the_key(string property, string key)
    {
        Build(o =>
        {
            switch (property)
            {
                case "MaxEntries": o.MaxEntries = 0; break;
                case "MaxStaleness": o.MaxStaleness = TimeSpan.Zero; break;
                default: o.SweepInterval = TimeSpan.FromDays(1); break;
            }
        });
        var error = Assert.Throws<OptionsValidationException>(() => _provider!.GetRequiredService<IOptions<RevocationOptions>>().Value);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingObserver : IRevocationObserver
    {
        public List<string> Seen { get; } = [];

        public void TokenRevoked(string issuer, string tokenId) => Seen.Add("token " + tokenId);

        public void SubjectCutOff(string issuer, string subject, DateTimeOffset issuedBefore) => Seen.Add("subject " + subject);
    }
}
