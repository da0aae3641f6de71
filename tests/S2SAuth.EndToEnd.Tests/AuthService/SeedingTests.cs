using System.Net;
using System.Text;
using AuthService.Hosting;
using Microsoft.Data.Sqlite;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.AuthService;

/// <summary>Seeding from configuration against a database file the test owns, across restarts.</summary>
public sealed class SeedingTests : IDisposable
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"s2sauth-e2e-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Secrets_are_stored_only_as_hashes()
    {
        await using (var issuer = await StartAsync(TestAccounts.Settings()))
        {
            using var http = new HttpClient { BaseAddress = issuer.BaseAddress };
            using var response = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = TestAccounts.Worker,
                ["client_secret"] = TestAccounts.WorkerSecret,
                ["scope"] = "pricing.resolve",
            }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var stored = new Dictionary<string, string>();
        await using (var connection = new SqliteConnection($"Data Source={_database};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT ClientId, ClientSecret FROM OpenIddictApplications";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.Equal(4, stored.Count);
        Assert.All(stored.Values, hash => Assert.True(hash.Length >= 40, "Each account keeps a hash of its secret."));
        var files = Directory.GetFiles(Path.GetDirectoryName(_database)!, Path.GetFileName(_database) + "*").Select(ReadIfStillThere).ToArray();
        Assert.Contains(files, bytes => bytes.Length > 0);
        foreach (var secret in TestAccounts.AllSecrets)
        {
            Assert.DoesNotContain(stored.Values, hash => hash.Contains(secret, StringComparison.Ordinal));
            foreach (var bytes in files)
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), "A plain secret is in the database file.");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(secret)), "A plain secret is in the database file.");
            }
        }
    }

    // SQLite removes its -wal/-shm files when the last connection closes: one listed a moment ago may be gone.
    private static byte[] ReadIfStillThere(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }

    [Fact]
    public async Task Restart_applies_configuration_changes_to_existing_accounts()
    {
        await (await StartAsync(TestAccounts.Settings())).DisposeAsync();

        // Same database, new configuration: the worker's secret rotated, orders disabled, the toggled account gone.
        var settings = TestAccounts.Settings();
        settings["ServiceAccounts:1:Secret"] = "e2e-worker-rotated-secret-1f9b3e";
        settings["ServiceAccounts:0:Disabled"] = "true";
        settings.Remove("ServiceAccounts:3:Id");
        settings.Remove("ServiceAccounts:3:Secret");
        settings.Remove("ServiceAccounts:3:Scopes:0");
        await using var issuer = await StartAsync(settings);
        using var http = new HttpClient { BaseAddress = issuer.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(http, TestAccounts.Worker, "e2e-worker-rotated-secret-1f9b3e"));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(http, TestAccounts.Worker, TestAccounts.WorkerSecret));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(http, TestAccounts.Orders, TestAccounts.OrdersSecret));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(http, TestAccounts.Toggled, TestAccounts.ToggledSecret));
    }

    [Fact]
    public async Task Account_with_an_undeclared_scope_fails_start_up_with_a_message_naming_it()
    {
        var settings = TestAccounts.Settings();
        settings["ServiceAccounts:0:Scopes:2"] = "payroll.run";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(settings));

        Assert.Contains("'orders-service' asks for scope 'payroll.run'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestAccounts.OrdersSecret, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_database)!, Path.GetFileName(_database) + "*"))
        {
            File.Delete(file);
        }
    }

    private Task<AuthServiceInstance> StartAsync(Dictionary<string, string?> settings)
    {
        settings["AuthService:Database"] = "Data Source=" + _database;
        return AuthServiceHost.StartAsync(new AuthServiceStartOptions { Settings = settings });
    }

    private static async Task<HttpStatusCode> TokenStatusAsync(HttpClient http, string clientId, string secret)
    {
        using var response = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = "pricing.resolve",
        }));
        return response.StatusCode;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
