namespace S2SAuth.Profiles;

/// <summary>
/// A claim name, read as a top-level claim first and, when the token has none and the name holds dots, as a path into
/// JSON objects: <c>realm_access.roles</c> is the <c>roles</c> member of the <c>realm_access</c> object. A namespaced
/// claim such as <c>https://example.com/roles</c> is thus found under its own name.
/// </summary>
internal sealed class ClaimPath
{
    private ClaimPath(string name, string[] segments)
    {
        Name = name;
        Segments = segments;
    }

    /// <summary>The whole claim name, as configured.</summary>
    public string Name { get; }

    /// <summary>The dot-separated segments; one segment when the name holds no dot.</summary>
    public string[] Segments { get; }

    /// <summary>
    /// The paths of <paramref name="names"/>, with <c>{audience}</c> replaced by each of <paramref name="audiences"/>
    /// (<c>resource_access.{audience}.roles</c> for a service accepting two audiences is two paths).
    /// </summary>
    public static ClaimPath[] Parse(IEnumerable<string> names, IReadOnlyList<string> audiences)
    {
        var paths = new List<ClaimPath>();
        foreach (var name in names)
        {
            if (name.Contains("{audience}", StringComparison.Ordinal))
            {
                paths.AddRange(audiences.Select(audience => Of(name.Replace("{audience}", audience, StringComparison.Ordinal))));
            }
            else
            {
                paths.Add(Of(name));
            }
        }

        return [.. paths];
    }

    private static ClaimPath Of(string name) =>
        new(name, name.Contains('.', StringComparison.Ordinal) ? name.Split('.') : [name]);
}
