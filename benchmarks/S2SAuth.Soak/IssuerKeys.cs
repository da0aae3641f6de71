using System.Globalization;
using S2SAuth.Testing;

namespace S2SAuth.Soak;

/// <summary>
/// The issuer's schedule. Every rotation period: sign with the key published one period earlier, publish the next one,
/// and withdraw keys whose last tokens have expired (lifetime + 40 s after they stopped signing). Once: stop the issuer
/// (connections refused) and restart it at the same address with the same keys. While it is down there is no rotation
/// (tokens keep being minted with the key already published and fetched), so no token names a key the service cannot
/// have; rotation resumes one period after the restart.
/// </summary>
internal sealed class IssuerKeys(SoakState state, SoakOptions o)
{
    private readonly List<(string KeyId, double RetiredAt)> _retired = [];
    private TestSigningKey _next = state.Issuer.AddKey(TestSigningKey.Create("soak-2"));
    private int _keys = 2;

    public async Task RunAsync(TimeSpan deadline)
    {
        var issuer = state.Issuer;
        double nextRotation = o.RotationSeconds;
        bool stopped = false, restarted = false;
        var lifetime = o.TokenLifetime.TotalSeconds;
        while (state.Elapsed < deadline.TotalSeconds)
        {
            await Task.Delay(250);
            var t = state.Elapsed;
            if (!stopped && t >= o.IssuerOutageAt)
            {
                stopped = true;
                await issuer.StopAsync();
                state.Event("issuer stopped");
            }
            else if (stopped && !restarted && t >= o.IssuerOutageAt + o.IssuerOutageSeconds)
            {
                restarted = true;
                await RestartAsync(issuer);
                nextRotation = state.Elapsed + o.RotationSeconds;
            }

            if (t >= nextRotation)
            {
                nextRotation += o.RotationSeconds;
                if (issuer.IsRunning)
                {
                    Rotate(t);
                }
                else
                {
                    state.SignWith(state.CurrentKey);
                    state.Event($"issuer down: no rotation, tokens re-minted with {state.CurrentKey.KeyId}");
                }
            }

            if (issuer.IsRunning)
            {
                foreach (var (keyId, _) in _retired.Where(r => t - r.RetiredAt > lifetime + 40).ToList())
                {
                    issuer.RemoveKey(keyId);
                    _retired.RemoveAll(r => r.KeyId == keyId);
                    state.Event($"key {keyId} withdrawn (its tokens have expired)");
                }
            }
        }
    }

    private void Rotate(double t)
    {
        var previous = state.CurrentKey;
        state.SignWith(_next);
        _retired.Add((previous.KeyId, t));
        _next = state.Issuer.AddKey(TestSigningKey.Create("soak-" + (++_keys).ToString(CultureInfo.InvariantCulture)));
        state.Event($"rotation: signing with {state.CurrentKey.KeyId}, {_next.KeyId} published");
    }

    private async Task RestartAsync(TestIssuer issuer)
    {
        // The listening port can linger for a moment after the stop; try for 10 s.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await issuer.RestartAsync();
                state.Event($"issuer restarted at {issuer.Authority}");
                return;
            }
            catch (IOException) when (attempt < 40)
            {
                await Task.Delay(250);
            }
        }
    }
}
