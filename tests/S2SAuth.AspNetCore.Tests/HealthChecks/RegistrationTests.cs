using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace S2SAuth.AspNetCore.Tests.HealthChecks;

/// <summary>What <c>AddServiceAuthChecks()</c> registers: each check once, and the revocation check tagged, not duplicated.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public async Task The_revocation_check_of_AddRevocation_gets_the_tags_and_is_not_added_twice()
    {
        await using var env = await HealthApi.StartAsync(revocation: true);

        var report = await env.CheckAsync();
        var registrations = env.App.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Equal(["s2sauth-revocation", "s2sauth-signing-keys"], report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Single(registrations, r => r.Name == "s2sauth-revocation");
        Assert.Contains("ready", report.Entries["s2sauth-revocation"].Tags);
    }

    [Fact]
    public async Task Calling_it_twice_adds_each_check_once()
    {
        var services = new ServiceCollection();
        services.AddHealthChecks().AddServiceAuthChecks().AddServiceAuthChecks();
        services.AddServiceAuth(o => o.Authority = "https://issuer.example");
        services.AddServiceTokenClient();
        await using var provider = services.BuildServiceProvider();

        var names = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).Order(StringComparer.Ordinal);

        Assert.Equal(["s2sauth-service-token", "s2sauth-signing-keys"], names);
    }
}
