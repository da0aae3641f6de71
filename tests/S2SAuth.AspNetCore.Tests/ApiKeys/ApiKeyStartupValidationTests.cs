using Microsoft.Extensions.Options;
using S2SAuth.AspNetCore.Tests.ApiKeys.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.ApiKeys;

/// <summary>Start-up validation of <c>ServiceAuth:ApiKeys</c>: the host does not start, and the message names the key and says what to do, never a hash.</summary>
public sealed class ApiKeyStartupValidationTests : IAsyncLifetime
{
    private static readonly (string Key, string Hash) A = ApiKeyFactory.Create("acme-a");
    private static readonly (string Key, string Hash) B = ApiKeyFactory.Create("acme-b");
    private static readonly (string Key, string Hash) C = ApiKeyFactory.Create("acme-c");
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await TestIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    [Fact]
    public async Task Three_active_keys_for_one_client_fail_start_up()
    {
        var message = await FailsAsync(new ApiKeyClient("acme", "acme-partner", ["price.read"]).WithKey("acme-a", A.Hash).WithKey("acme-b", B.Hash).WithKey("acme-c", C.Hash));

        Assert.Contains("ServiceAuth:ApiKeys:Clients:acme has 3 active (unexpired) keys (acme-a, acme-b, acme-c); at most 2 are allowed", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_third_key_is_not_active()
    {
        var clients = new ApiKeyClient("acme", "acme-partner", ["price.read"])
            .WithKey("acme-a", A.Hash, expiresAt: DateTimeOffset.UtcNow.AddDays(-1)).WithKey("acme-b", B.Hash).WithKey("acme-c", C.Hash);
        await using var api = await ApiKeyApi.StartAsync(_issuer, [clients]);
    }

    [Fact]
    public async Task A_key_id_used_by_two_clients_fails_start_up()
    {
        var message = await FailsAsync(
            new ApiKeyClient("acme", "acme-partner", ["price.read"]).WithKey("acme-a", A.Hash),
            new ApiKeyClient("globex", "globex-partner", ["price.read"]).WithKey("acme-a", B.Hash));

        Assert.Contains("Id 'acme-a' is used twice", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("md5:0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task A_hash_that_is_not_well_formed_fails_start_up(string hash)
    {
        var message = await FailsAsync(new ApiKeyClient("acme", "acme-partner", ["price.read"]).WithKey("acme-a", hash));

        Assert.Contains("ServiceAuth:ApiKeys:Clients:acme:Keys:0:Hash (key 'acme-a') must be 'sha256:'", message, StringComparison.Ordinal);
        Assert.DoesNotContain(hash, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_stored_instead_of_its_hash_fails_start_up_without_echoing_it()
    {
        var message = await FailsAsync(new ApiKeyClient("acme", "acme-partner", ["price.read"]).WithKey("acme-a", A.Key));

        Assert.Contains("looks like the key itself", message, StringComparison.Ordinal);
        Assert.DoesNotContain(A.Key[^43..], message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AB")]
    [InlineData("Acme-Upper")]
    [InlineData("acme_underscore")]
    public async Task A_key_id_that_is_not_well_formed_fails_start_up(string id)
    {
        var message = await FailsAsync(new ApiKeyClient("acme", "acme-partner", ["price.read"]).WithKey(id, A.Hash));

        Assert.Contains("Keys:0:Id must be 3-32 characters of a-z, 0-9 and '-'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_a_service_id_fails_start_up()
    {
        var message = await FailsAsync(new ApiKeyClient("acme", "", ["price.read"]).WithKey("acme-a", A.Hash));

        Assert.Contains("ServiceAuth:ApiKeys:Clients:acme:ServiceId is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_header_must_not_be_one_s2sauth_reads_for_tokens()
    {
        var message = await FailsAsync([new ApiKeyClient("acme", "acme-partner", ["price.read"]).WithKey("acme-a", A.Hash)],
            new Dictionary<string, string?> { ["ServiceAuth:ApiKeys:Header"] = "X-Service-Token" });

        Assert.Contains("ServiceAuth:ApiKeys:Header must not be X-Service-Token", message, StringComparison.Ordinal);
    }

    private Task<string> FailsAsync(params ApiKeyClient[] clients) => FailsAsync(clients, null);

    private async Task<string> FailsAsync(ApiKeyClient[] clients, IDictionary<string, string?>? settings)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var api = await ApiKeyApi.StartAsync(_issuer, clients, settings: settings);
        });
        return ex.Message;
    }
}
