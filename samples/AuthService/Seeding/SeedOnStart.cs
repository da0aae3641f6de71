using AuthService.Accounts;
using AuthService.Configuration;
using AuthService.Data;
using AuthService.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace AuthService.Seeding;

/// <summary>
/// Creates the database and makes scopes and service accounts match configuration, before the server listens
/// (<see cref="IHostedLifecycleService.StartingAsync"/> runs before any hosted service starts, Kestrel included).
/// Configuration is the source of truth: accounts and scopes it no longer lists are deleted. It also builds
/// OpenIddict's options up front, so the first token or JWKS request does not pay for the key generation.
/// </summary>
internal sealed class SeedOnStart(IServiceScopeFactory scopes, IConfiguration configuration, IOptionsMonitor<OpenIddictServerOptions> server, ILogger<SeedOnStart> logger)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // Build OpenIddict's options (and generate the ephemeral signing key) now, not on the first request.
        _ = server.CurrentValue;

        var seed = SeedSettings.Read(configuration);
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<AuthDbContext>().Database.EnsureCreatedAsync(cancellationToken);
        await services.GetRequiredService<ScopeSeeder>().SyncAsync(seed.Scopes, cancellationToken);

        var accounts = services.GetRequiredService<ServiceAccountStore>();
        foreach (var removed in await accounts.RemoveAllExceptAsync(seed.Accounts.Select(a => a.Id).ToHashSet(StringComparer.Ordinal), cancellationToken))
        {
            Log.AccountRemoved(logger, removed);
        }

        foreach (var account in seed.Accounts)
        {
            await accounts.SaveAsync(account, cancellationToken);
            Log.AccountSeeded(logger, account.Id, string.Join(' ', account.Scopes), account.TenantId, account.Disabled ? "disabled" : "active");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
