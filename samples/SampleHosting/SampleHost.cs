using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace SampleHosting;

/// <summary>
/// Starts a sample service from its <c>Build(WebApplicationBuilder)</c> method: as a process (<see cref="RunAsync"/>,
/// what <c>Main</c> runs) or in-process on 127.0.0.1 (<see cref="StartAsync"/>, for the demo and the tests).
/// </summary>
public static class SampleHost
{
    /// <summary>
    /// <c>dotnet run</c>: configuration from <paramref name="settingsFile"/> (copied next to the assembly; lowest
    /// precedence), then the usual appsettings, environment variables (<c>ServiceAuth__ClientSecret</c>) and command line.
    /// </summary>
    public static async Task RunAsync(string[] args, string settingsFile, Func<WebApplicationBuilder, WebApplication> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.Sources.Insert(0, SettingsFile(build.Method.DeclaringType!.Assembly, settingsFile));
        await build(builder).RunAsync();
    }

    /// <summary>Builds the service with exactly <see cref="SampleStartOptions.Settings"/> and starts it on a loopback port.</summary>
    public static async Task<RunningService> StartAsync(Func<WebApplicationBuilder, WebApplication> build, SampleStartOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = build.Method.DeclaringType!.Assembly.GetName().Name,
            EnvironmentName = options.EnvironmentName,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Only what the caller gives: no appsettings.json of the current directory, no environment variables.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        options.Configure?.Invoke(builder);

        var app = build(builder);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new RunningService(app);
    }

    private static JsonConfigurationSource SettingsFile(Assembly assembly, string fileName)
    {
        var source = new JsonConfigurationSource
        {
            Path = Path.Combine(Path.GetDirectoryName(assembly.Location) ?? AppContext.BaseDirectory, fileName),
            Optional = false,
        };
        source.ResolveFileProvider();
        return source;
    }
}
