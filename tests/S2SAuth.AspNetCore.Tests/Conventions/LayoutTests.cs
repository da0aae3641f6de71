using System.Text.RegularExpressions;

namespace S2SAuth.AspNetCore.Tests.Conventions;

/// <summary>
/// Keeps the layout of docs/design.md: public types at a package's root or in its entry-point folders
/// (DependencyInjection/, Builder/); every other folder internal, with namespace = folder.
/// </summary>
public sealed partial class LayoutTests
{
    private static readonly string[] EntryPointFolders = ["DependencyInjection", "Builder"];

    public static TheoryData<string> SourceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var package in new[] { "S2SAuth.AspNetCore", "S2SAuth.Client" })
        {
            var root = Path.Combine(RepositoryRoot(), "src", package);
            foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file);
                if (!relative.StartsWith("obj", StringComparison.Ordinal) && !relative.StartsWith("bin", StringComparison.Ordinal))
                {
                    data.Add(Path.Combine(package, relative));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public void Implementation_folder_is_internal_and_its_namespace_is_the_folder(string file)
    {
        var package = file[..file.IndexOf(Path.DirectorySeparatorChar, StringComparison.Ordinal)];
        var folder = Path.GetDirectoryName(file[(package.Length + 1)..])!;
        if (folder.Length == 0 || EntryPointFolders.Contains(folder))
        {
            return;
        }

        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", file));
        Assert.False(PublicType().IsMatch(text), $"{file} declares a public type: public types belong at the package root or in {string.Join("/, ", EntryPointFolders)}/.");
        var expected = (package == "S2SAuth.AspNetCore" ? "S2SAuth" : package) + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
        Assert.Equal(expected, Namespace().Match(text).Groups[1].Value);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "S2SAuth.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("S2SAuth.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"^public\s", RegexOptions.Multiline)]
    private static partial Regex PublicType();

    [GeneratedRegex(@"^namespace\s+([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();
}
