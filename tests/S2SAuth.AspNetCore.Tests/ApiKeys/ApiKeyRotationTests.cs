using System.Net;
using S2SAuth.AspNetCore.Tests.ApiKeys.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.ApiKeys;

/// <summary>
/// Rotation without restart: keys reload when the configuration changes; during the overlap the old and the new key
/// both work, the old one is refused once removed, and a changed configuration that is not valid keeps the keys in force.
/// </summary>
public sealed class ApiKeyRotationTests : IAsyncLifetime
{
    private static readonly (string Key, string Hash) Old = ApiKeyFactory.Create("acme-old");
    private static readonly (string Key, string Hash) New = ApiKeyFactory.Create("acme-new");
    private TestIssuer _issuer = null!;
    private ApiKeyApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _api = await ApiKeyApi.StartAsync(_issuer, [Client().WithKey("acme-old", Old.Hash)]);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task The_old_and_the_new_key_both_work_during_the_overlap_and_the_old_one_is_refused_once_removed()
    {
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/partner", Old.Key)).StatusCode);
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/partner", New.Key), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyInvalid);

        // 1. Add the new key: both work.
        _api.Reconfigure([Client().WithKey("acme-old", Old.Hash).WithKey("acme-new", New.Hash)]);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/partner", Old.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/partner", New.Key)).StatusCode);

        // 2. Remove the old key: only the new one works.
        _api.Reconfigure([Client().WithKey("acme-new", New.Hash)]);
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/partner", Old.Key), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyInvalid);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/partner", New.Key)).StatusCode);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1765 && e.Values["KeyIds"] == "acme-new");
    }

    [Fact]
    public async Task A_changed_configuration_that_is_not_valid_is_logged_and_the_keys_in_force_stay()
    {
        var third = ApiKeyFactory.Create("acme-third");
        _api.Reconfigure([Client().WithKey("acme-old", Old.Hash).WithKey("acme-new", New.Hash).WithKey("acme-third", third.Hash)]);

        var rejected = Assert.Single(_api.Logs.Entries, e => e.EventId.Id == 1763);
        Assert.Contains("3 active (unexpired) keys", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(New.Hash[7..], _api.Logs.AllText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/partner", Old.Key)).StatusCode);
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/partner", New.Key), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyInvalid);
    }

    [Fact]
    public async Task Removing_every_client_makes_the_reader_inert_again()
    {
        _api.Reconfigure([]);

        // No key configured: the header is not a credential at all, so the endpoint finds none.
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/partner", Old.Key), HttpStatusCode.Unauthorized, AuthErrorCodes.CredentialMissing);
    }

    private static ApiKeyClient Client() => new("acme", "acme-partner", ["price.read"]);
}
