namespace S2SAuth.Client.Signatures;

/// <summary>The kinds of RFC 8941 bare item this subset reads and writes (no decimals, no display strings).</summary>
internal enum StructuredFieldKind
{
    Integer,
    String,
    Token,
    ByteSequence,
    Boolean,
}

/// <summary>An RFC 8941 item (a bare item with its parameters), as read from or written to a structured header.</summary>
internal sealed class StructuredFieldItem
{
    private static readonly IReadOnlyList<KeyValuePair<string, StructuredFieldItem>> None = [];

    public required StructuredFieldKind Kind { get; init; }

    public string? Text { get; init; }

    public byte[]? Bytes { get; init; }

    public long Integer { get; init; }

    public bool Boolean { get; init; }

    public IReadOnlyList<KeyValuePair<string, StructuredFieldItem>> Parameters { get; init; } = None;

    public static StructuredFieldItem FromString(string value) => new() { Kind = StructuredFieldKind.String, Text = value };

    public static StructuredFieldItem FromInteger(long value) => new() { Kind = StructuredFieldKind.Integer, Integer = value };

    public static StructuredFieldItem FromBytes(byte[] value) => new() { Kind = StructuredFieldKind.ByteSequence, Bytes = value };
}

/// <summary>An RFC 8941 inner list: items in order, with the list's own parameters.</summary>
internal sealed class StructuredFieldInnerList
{
    public required IReadOnlyList<StructuredFieldItem> Items { get; init; }

    public required IReadOnlyList<KeyValuePair<string, StructuredFieldItem>> Parameters { get; init; }
}

/// <summary>One RFC 8941 dictionary member value: either an item or an inner list.</summary>
internal sealed class StructuredFieldMember
{
    public StructuredFieldItem? Item { get; init; }

    public StructuredFieldInnerList? InnerList { get; init; }
}
