using System.Globalization;

namespace S2SAuth.Soak;

/// <summary>
/// Every few seconds: a fresh user token (a <c>victim-n</c>; every fourth a <c>cut-n</c> subject) is shown to be accepted,
/// then revoked through the Redis publisher (by <c>jti</c>, or a subject cut-off), retried while Redis is down. From the
/// moment Redis confirmed the write, the token's one right answer is 401 <c>token_revoked</c>: a probe sends it until
/// refused (the lag), and the load loops send it too, for as long as it is well within its lifetime.
/// </summary>
internal sealed class RevocationStream(SoakState state, IRevocationService publisher, SoakClient client, Checker checker, SoakOptions o)
{
    public int Published { get; private set; }

    public async Task RunAsync(TimeSpan deadline)
    {
        var n = 0;
        while (state.Elapsed < deadline.TotalSeconds - 5)
        {
            await Task.Delay(TimeSpan.FromSeconds(o.RevocationEvery));
            n++;
            var cutOff = n % 4 == 0;
            var subject = (cutOff ? "cut-" : "victim-") + n.ToString(CultureInfo.InvariantCulture);
            var tenant = TokenPool.Tenant(n);
            var jti = Guid.NewGuid().ToString("N");
            var now = DateTimeOffset.UtcNow;
            var builder = TokenPool.User(state.Issuer, state.CurrentKey, subject, tenant).Claim("jti", jti);
            if (cutOff)
            {
                builder.Claim("iat", now.AddSeconds(-5).ToUnixTimeSeconds()).Claim("nbf", now.AddSeconds(-5).ToUnixTimeSeconds());
            }

            var token = builder.Build();
            var expires = now + o.TokenLifetime;
            var valid = state.Pool.ValidFor(token, tenant);
            await client.SendAsync(valid);
            if (await PublishAsync(cutOff, subject, jti, expires, deadline) is not { } revokedAt)
            {
                return;
            }

            // The request pairs the user token with the pool's service token, minted at an earlier rotation: the pair
            // expires with whichever token expires first.
            var pairExpires = ExpiryOf(valid.ServiceToken) is { } serviceExpires && serviceExpires < expires ? serviceExpires : expires;
            var revoked = valid with { Kind = RequestKind.Revoked, RevokedAt = revokedAt, ExpiresAt = pairExpires };
            state.AddRevoked(revoked, pairExpires);
            await ProbeAsync(revoked, revokedAt, subject);
        }
    }

    private async Task<DateTimeOffset?> PublishAsync(bool cutOff, string subject, string jti, DateTimeOffset expires, TimeSpan deadline)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (cutOff)
                {
                    await publisher.CutOffSubjectAsync(state.Issuer.Issuer, subject, DateTimeOffset.UtcNow);
                }
                else
                {
                    await publisher.RevokeTokenAsync(state.Issuer.Issuer, jti, expires);
                }

                Published++;
                return DateTimeOffset.UtcNow;
            }
            catch (InvalidOperationException)
            {
                if (attempt == 1)
                {
                    state.Event($"revocation of {subject}: Redis did not confirm; retrying");
                }

                if (state.Elapsed >= deadline.TotalSeconds - 5)
                {
                    return null;
                }

                await Task.Delay(500);
            }
        }
    }

    private async Task ProbeAsync(SoakRequest revoked, DateTimeOffset revokedAt, string subject)
    {
        while (DateTimeOffset.UtcNow - revokedAt < TimeSpan.FromSeconds(10))
        {
            var (_, status, code) = await client.SendAsync(revoked);
            if (status == 401 && code == "token_revoked")
            {
                state.RevocationLagsMs.Enqueue((DateTimeOffset.UtcNow - revokedAt).TotalMilliseconds);
                return;
            }

            await Task.Delay(1);
        }

        checker.Fail("revocation_not_applied", $"{subject} still not refused 10 s after Redis confirmed its revocation");
    }

    private static DateTimeOffset? ExpiryOf(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var json = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(payload));
        return json.RootElement.TryGetProperty("exp", out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp.GetInt64()) : null;
    }
}
