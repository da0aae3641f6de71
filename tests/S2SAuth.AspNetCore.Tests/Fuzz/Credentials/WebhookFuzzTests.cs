using CsCheck;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.Webhooks.Framework;

namespace S2SAuth.AspNetCore.Tests.Fuzz.Credentials;

/// <summary>
/// Hostile webhook deliveries through the real pipeline (<see cref="WebhookApi"/>, TestServer): for each scheme (Standard
/// Webhooks v1 and v1a, Stripe, GitHub, generic HMAC) a validly signed delivery with one header mutated, removed or
/// doubled, or its body changed; and random bodies signed validly. Each answer is a delivery or a 4xx problem with a
/// documented code, never a 500 or a hang.
/// </summary>
public sealed class WebhookFuzzTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private static readonly string[] Providers = ["standard", "ed", "stripe", "github", "hmac"];
    private readonly IssuerFixture _fixture;
    private WebhookApi _api = null!;
    private int _deliveries;

    public WebhookFuzzTests(IssuerFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync() => _api = await WebhookApi.StartAsync(_fixture.Issuer);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Hostile_webhook_headers_and_bodies_are_a_delivery_or_a_documented_refusal()
    {
        // Which provider, which header (by index), how (0 mutate, 1 remove, 2 send twice, 3 change the body), with what.
        var gen = Gen.Select(Gen.OneOf(Providers), Gen.Int[0, 3], Gen.Int[0, 3], HostileText.Hostile(HostileText.AnyChar))
            .Select(t => (Provider: t.Item1, Header: t.Item2, How: t.Item3, Change: t.Item4));
        await FuzzRun.CheckAsync(gen, async t =>
        {
            var id = $"msg_fuzz_{Interlocked.Increment(ref _deliveries)}";
            var body = WebhookApi.Body(id);
            var headers = _api.Sign(t.Provider, id, body);
            var names = headers.Keys.ToArray();
            var name = names[t.Header % names.Length];
            var hostile = t.Change.Apply(t.How == 3 ? body : headers[name]);
            using var request = WebhookSigner.Request("/webhooks/" + t.Provider, t.How == 3 ? hostile : body, t.How == 3 ? headers : Without(headers, name));
            if (t.How == 0)
            {
                request.Headers.TryAddWithoutValidation(name, hostile);
            }
            else if (t.How == 2)
            {
                request.Headers.TryAddWithoutValidation(name, [headers[name], hostile]);
            }

            using var response = await FuzzRun.SendAsync(_api.Api.Client, request);
            await FuzzRun.SuccessOrRefusalAsync(response, _api.Api.Logs);
        }, print: t => $"{t.Provider} header#{t.Header} how {t.How} {t.Change}");
    }

    [Fact]
    public async Task Random_bodies_signed_validly_are_delivered_or_refused_as_too_large()
    {
        await FuzzRun.CheckAsync(HostileText.Random(HostileText.AnyChar), async body =>
        {
            var id = $"msg_body_{Interlocked.Increment(ref _deliveries)}";
            using var request = WebhookSigner.Request("/grouped/one", body, _api.Sign("standard", id, body));
            using var response = await FuzzRun.SendAsync(_api.Api.Client, request);
            var code = await FuzzRun.SuccessOrRefusalAsync(response, _api.Api.Logs);
            Assert.True(code is null or AuthErrorCodes.WebhookBodyTooLarge, $"A validly signed body was refused: {code}");
        }, print: b => b.Length <= 200 ? b : $"{b[..200]}... ({b.Length} chars)");
    }

    private static Dictionary<string, string> Without(Dictionary<string, string> headers, string name) =>
        headers.Where(h => h.Key != name).ToDictionary(h => h.Key, h => h.Value);
}
