using System.Globalization;
using System.Text;

namespace S2SAuth.Client.Signatures;

/// <summary>Serializes the RFC 8941 subset of <see cref="StructuredFieldParser"/> (RFC 8941 §4.1), canonically.</summary>
internal static class StructuredFieldWriter
{
    public static string InnerList(StructuredFieldInnerList list)
    {
        var builder = new StringBuilder();
        AppendInnerList(builder, list);
        return builder.ToString();
    }

    public static void AppendInnerList(StringBuilder builder, StructuredFieldInnerList list)
    {
        builder.Append('(');
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            AppendItem(builder, list.Items[i]);
        }

        builder.Append(')');
        AppendParameters(builder, list.Parameters);
    }

    public static void AppendItem(StringBuilder builder, StructuredFieldItem item)
    {
        AppendBareItem(builder, item);
        AppendParameters(builder, item.Parameters);
    }

    public static void AppendParameters(StringBuilder builder, IReadOnlyList<KeyValuePair<string, StructuredFieldItem>> parameters)
    {
        foreach (var (key, value) in parameters)
        {
            builder.Append(';').Append(key);
            if (value.Kind != StructuredFieldKind.Boolean || !value.Boolean)
            {
                builder.Append('=');
                AppendBareItem(builder, value);
            }
        }
    }

    public static void AppendBareItem(StringBuilder builder, StructuredFieldItem item)
    {
        switch (item.Kind)
        {
            case StructuredFieldKind.Integer:
                builder.Append(item.Integer.ToString(CultureInfo.InvariantCulture));
                break;
            case StructuredFieldKind.String:
                builder.Append('"');
                foreach (var c in item.Text ?? string.Empty)
                {
                    if (c is '"' or '\\')
                    {
                        builder.Append('\\');
                    }

                    builder.Append(c);
                }

                builder.Append('"');
                break;
            case StructuredFieldKind.Token:
                builder.Append(item.Text);
                break;
            case StructuredFieldKind.ByteSequence:
                builder.Append(':').Append(Convert.ToBase64String(item.Bytes ?? [])).Append(':');
                break;
            default:
                builder.Append(item.Boolean ? "?1" : "?0");
                break;
        }
    }
}
