using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace S2SAuth.EndToEnd.Tests.Readme;

/// <summary>The README's "Works with your stack" one-liners are the compiled ones, and an app built from them starts.</summary>
public sealed class WorksWithLinesTests
{
    [Fact]
    public void Every_one_line_set_up_in_the_README_is_compiled_verbatim()
    {
        var readme = ReadmeLines();
        var compiled = CompiledLines();

        Assert.Equal(6, readme.Count);
        Assert.Equal(compiled.Order(StringComparer.Ordinal), readme.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_app_built_from_the_lines_registers_the_checks_and_starts()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddGrpc();
        builder.Services.AddServiceAuth(o =>
        {
            o.Authority = "http://127.0.0.1:9";
            o.Audience = "greeter-service";
            o.RequireHttpsMetadata = false;
            o.ClientId = "greeter-client";
            o.ClientSecret = "not-a-real-secret-0123456789";
        });
        WorksWithLines.AddServices(builder);
        await using var app = builder.Build();
        app.UseServiceAuth();
        WorksWithLines.MapEndpoints(app);

        var checks = app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).ToArray();
        Assert.Contains("s2sauth-signing-keys", checks);
        Assert.Contains("s2sauth-service-token", checks);
        await app.StartAsync();
        await app.StopAsync();
    }

    private static List<string> ReadmeLines()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var start = text.IndexOf("## Works with your stack", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no 'Works with your stack' section");
        var end = text.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        return text[start..end].Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| with ", StringComparison.Ordinal))
            .Select(l => l.Split(" | ")[1])
            .Where(cell => cell.StartsWith('`') && cell.EndsWith('`'))
            .Select(cell => cell.Trim('`'))
            .ToList();
    }

    private static List<string> CompiledLines()
    {
        var source = File.ReadAllLines(Path.Combine(RepositoryRoot(), "tests", "S2SAuth.EndToEnd.Tests", "Readme", "WorksWithLines.cs"));
        var lines = new List<string>();
        var inside = false;
        foreach (var line in source.Select(l => l.Trim()))
        {
            if (line.StartsWith("// README lines", StringComparison.Ordinal)) { inside = true; continue; }
            if (line == "// end of README lines") { inside = false; continue; }
            if (inside) { lines.Add(line); }
        }

        return lines;
    }

    // From the test binaries up (CI builds map source paths to /_/, so the caller's file path is not a real one).
    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "S2SAuth.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("S2SAuth.sln not found above " + AppContext.BaseDirectory);
    }
}
