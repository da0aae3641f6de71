using AuthService.Accounts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;

namespace AuthService.Hosting;

/// <summary>A running in-process issuer. Dispose it to stop it and delete its temporary database.</summary>
public sealed class AuthServiceInstance : IAsyncDisposable
{
    private readonly string? _temporaryDatabase;

    internal AuthServiceInstance(WebApplication app, string? temporaryDatabase)
    {
        App = app;
        _temporaryDatabase = temporaryDatabase;
        BaseAddress = ListeningAddress(app);
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The issuer's base address (<c>http://127.0.0.1:PORT/</c>): the <c>Authority</c> of the services.</summary>
    public Uri BaseAddress { get; }

    public Uri TokenEndpoint => new(BaseAddress, "connect/token");

    /// <summary>Disables or re-enables a service account at run time; its next token request is refused or served.</summary>
    public async Task<bool> SetAccountDisabledAsync(string clientId, bool disabled, CancellationToken cancellationToken = default)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServiceAccountStore>().SetDisabledAsync(clientId, disabled, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        DeleteDatabase(_temporaryDatabase);
    }

    internal static Uri ListeningAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        // With a second, mutual-TLS listener (the RFC 8705 token-endpoint alias) the plain one is the issuer's address.
        var first = addresses?.OrderBy(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)).FirstOrDefault()
            ?? throw new InvalidOperationException("The AuthService is not listening on any address.");
        return new Uri(first.EndsWith('/') ? first : first + "/");
    }

    internal static void DeleteDatabase(string? path)
    {
        if (path is null)
        {
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }
    }
}
