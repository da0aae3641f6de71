using System.Text;

namespace S2SAuth.Client.Signatures;

/// <summary>
/// One signature's covered components and metadata (RFC 9421 §2.3), kept in the order they are serialized, so the
/// <c>@signature-params</c> line and the <c>Signature-Input</c> member are the same bytes.
/// </summary>
internal sealed class SignatureParameters
{
    private SignatureParameters(StructuredFieldInnerList list) => List = list;

    public StructuredFieldInnerList List { get; }

    public IEnumerable<StructuredFieldItem> Components => List.Items;

    public long? Created => Integer("created");

    public long? Expires => Integer("expires");

    public string? KeyId => Text("keyid");

    public string? Nonce => Text("nonce");

    public string? Algorithm => Text("alg");

    public string? Tag => Text("tag");

    /// <summary>The serialized inner list: the value of <c>@signature-params</c> and of the Signature-Input member.</summary>
    public string Serialize() => StructuredFieldWriter.InnerList(List);

    /// <summary>Builds the parameters a signer sends: components (plain names, e.g. "@method", "content-digest") then
    /// created, expires, keyid, nonce, alg, tag in that order, each only when given.</summary>
    public static SignatureParameters Create(IEnumerable<string> components, long? created, string? keyId, long? expires = null, string? nonce = null, string? algorithm = null, string? tag = null)
    {
        var items = components.Select(c => IsPrintable(c) ? StructuredFieldItem.FromString(c) : throw new ArgumentException("A component name must be printable ASCII.", nameof(components))).ToArray();
        var parameters = new List<KeyValuePair<string, StructuredFieldItem>>();
        if (created is { } c)
        {
            parameters.Add(new("created", StructuredFieldItem.FromInteger(c)));
        }

        if (expires is { } e)
        {
            parameters.Add(new("expires", StructuredFieldItem.FromInteger(e)));
        }

        AddText(parameters, "keyid", keyId);
        AddText(parameters, "nonce", nonce);
        AddText(parameters, "alg", algorithm);
        AddText(parameters, "tag", tag);
        return new(new StructuredFieldInnerList { Items = items, Parameters = parameters });
    }

    /// <summary>Checks a parsed Signature-Input member: the well-known parameters have their RFC types.</summary>
    public static bool TryFrom(StructuredFieldMember member, out SignatureParameters? parameters)
    {
        parameters = null;
        if (member.InnerList is not { } list)
        {
            return false;
        }

        foreach (var (key, value) in list.Parameters)
        {
            var ok = key switch
            {
                "created" or "expires" => value.Kind == StructuredFieldKind.Integer && value.Integer >= 0,
                "keyid" or "nonce" or "alg" or "tag" => value.Kind == StructuredFieldKind.String,
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (list.Items.Any(i => i.Kind != StructuredFieldKind.String))
        {
            return false;
        }

        parameters = new(list);
        return true;
    }

    private long? Integer(string key) => List.Parameters.FirstOrDefault(p => p.Key == key).Value is { Kind: StructuredFieldKind.Integer } v ? v.Integer : null;

    private string? Text(string key) => List.Parameters.FirstOrDefault(p => p.Key == key).Value is { Kind: StructuredFieldKind.String } v ? v.Text : null;

    private static void AddText(List<KeyValuePair<string, StructuredFieldItem>> parameters, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (!IsPrintable(value))
        {
            throw new ArgumentException($"The '{key}' parameter must be printable ASCII.", key);
        }

        parameters.Add(new(key, StructuredFieldItem.FromString(value)));
    }

    internal static bool IsPrintable(string value) => value.All(c => c is >= ' ' and <= '~') && Encoding.ASCII.GetByteCount(value) == value.Length;
}
