using System.Reflection;
using S2SAuth.Client;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Conventions;

/// <summary>Keeps the public surface deliberate: public classes are sealed or static unless listed as designed for inheritance.</summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly[] Shipped =
    [
        typeof(ServiceAuthOptions).Assembly,
        typeof(IOutgoingCallContext).Assembly,
        typeof(TestIssuer).Assembly,
    ];

    public static TheoryData<string> PublicClasses()
    {
        var data = new TheoryData<string>();
        foreach (var type in Shipped.SelectMany(a => a.GetExportedTypes()).Where(t => t.IsClass))
        {
            data.Add(type.AssemblyQualifiedName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PublicClasses))]
    public void Public_class_is_sealed_or_static(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;
        var isStatic = type.IsAbstract && type.IsSealed;
        var designedForInheritance = type.IsSubclassOf(typeof(Attribute)) && type.IsSealed;
        Assert.True(type.IsSealed || isStatic || designedForInheritance || typeof(Exception).IsAssignableFrom(type),
            $"{type.FullName} is public and not sealed: seal it, or make it internal.");
    }

    [Fact]
    public void Public_types_live_only_in_the_public_namespaces()
    {
        string[] publicNamespaces = ["S2SAuth", "S2SAuth.Client", "S2SAuth.Testing", "Microsoft.Extensions.DependencyInjection", "Microsoft.AspNetCore.Builder"];
        var leaked = Shipped.SelectMany(a => a.GetExportedTypes())
            .Where(t => !publicNamespaces.Contains(t.Namespace))
            .Select(t => t.FullName)
            .ToArray();

        Assert.Empty(leaked);
    }
}
