using System.Net;
using Microsoft.Extensions.Configuration.Json;

namespace AuthService.Hosting;

/// <summary>
/// Builds and starts the issuer. <see cref="Build"/> is what <c>Program.cs</c> runs (configuration from
/// <c>authservice.settings.json</c>, environment variables and the command line); <see cref="StartAsync"/> starts it
/// in-process on a free loopback port for tests and the demo, with exactly the configuration it is given.
/// </summary>
public static class AuthServiceHost
{
    /// <summary>The demo's seed (scopes, service accounts, demo users), copied next to the assembly.</summary>
    public const string SettingsFileName = "authservice.settings.json";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.Sources.Insert(0, SettingsFile()); // lowest precedence: env vars and args override it
        configure?.Invoke(builder);
        return builder.AddAuthService().Build().MapAuthService();
    }

    public static async Task<AuthServiceInstance> StartAsync(AuthServiceStartOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AuthServiceStartOptions();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = options.EnvironmentName,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Only what the caller gives: no appsettings.json of whatever directory we run in, no environment variables.
        builder.Configuration.Sources.Clear();
        if (options.UseDemoSettings)
        {
            builder.Configuration.Sources.Add(SettingsFile());
        }

        var database = options.Settings.Any(s => s.Key == "AuthService:Database")
            ? null
            : Path.Combine(Path.GetTempPath(), $"s2sauth-authservice-{Guid.NewGuid():N}.db");
        builder.Configuration.AddInMemoryCollection(database is null ? [] : [new("AuthService:Database", "Data Source=" + database)]);
        builder.Configuration.AddInMemoryCollection(options.Settings);
        options.Configure?.Invoke(builder);
        builder.AddAuthService();

        // After AddAuthService: UseHttps applies the HTTPS defaults it set (client certificates, when mutual TLS is on).
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port, listen =>
        {
            if (options.ServerCertificate is { } certificate)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build().MapAuthService();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            AuthServiceInstance.DeleteDatabase(database);
            throw;
        }

        return new AuthServiceInstance(app, database);
    }

    private static JsonConfigurationSource SettingsFile()
    {
        var source = new JsonConfigurationSource
        {
            Path = Path.Combine(Path.GetDirectoryName(typeof(AuthServiceHost).Assembly.Location) ?? AppContext.BaseDirectory, SettingsFileName),
            Optional = true,
        };
        source.ResolveFileProvider();
        return source;
    }
}
