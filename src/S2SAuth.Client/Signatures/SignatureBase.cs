using System.Text;

namespace S2SAuth.Client.Signatures;

/// <summary>
/// Builds the signature base (RFC 9421 §2.5): one <c>"name": value</c> line per covered component, then the
/// <c>"@signature-params"</c> line, lines separated by LF with none after the last. Fails (never throws) when a
/// component is duplicated, unsupported, carries parameters, is absent from the message, or its value holds a
/// character that could forge another line.
/// </summary>
internal static class SignatureBase
{
    public static bool TryCreate(HttpMessageComponents message, SignatureParameters parameters, out string signatureBase, out SignatureFailure failure)
    {
        signatureBase = string.Empty;
        var builder = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in parameters.Components)
        {
            var name = component.Text!;
            if (component.Parameters.Count > 0 || name == "@signature-params" || !seen.Add(name))
            {
                // Component parameters (sf, key, bs, req, tr, name) are outside this subset: fail closed.
                failure = SignatureFailure.UnsupportedComponent;
                return false;
            }

            var value = Value(message, name, out failure);
            if (value is null)
            {
                return false;
            }

            builder.Append('"').Append(name).Append("\": ").Append(value).Append('\n');
        }

        builder.Append("\"@signature-params\": ").Append(parameters.Serialize());
        signatureBase = builder.ToString();
        failure = SignatureFailure.None;
        return true;
    }

    private static string? Value(HttpMessageComponents message, string name, out SignatureFailure failure)
    {
        failure = SignatureFailure.UnsupportedComponent;
        if (name.StartsWith('@'))
        {
            var derived = name switch
            {
                "@method" => message.Method,
                "@authority" => message.Authority,
                "@scheme" => message.Scheme,
                "@path" => message.Path,
                "@query" => message.Query,
                "@request-target" => message.Path + (message.Query.Length > 1 ? message.Query : string.Empty),
                "@target-uri" => message.Scheme + "://" + message.Authority + message.Path + (message.Query.Length > 1 ? message.Query : string.Empty),
                "@status" => message.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            };
            if (derived is null)
            {
                failure = name == "@status" ? SignatureFailure.ComponentNotInMessage : SignatureFailure.UnsupportedComponent;
                return null;
            }

            if (!IsSafe(derived))
            {
                failure = SignatureFailure.ComponentNotInMessage;
                return null;
            }

            return derived;
        }

        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || "!#$%&'*+-.^_`|~".Contains(c))))
        {
            return null; // field names are lowercased tokens (§2.1)
        }

        var lines = message.Header(name);
        if (lines is null || lines.Count == 0)
        {
            failure = SignatureFailure.ComponentNotInMessage;
            return null;
        }

        var value = string.Join(", ", lines.Select(l => l.Trim(' ', '\t')));
        if (!IsSafe(value))
        {
            failure = SignatureFailure.ComponentNotInMessage;
            return null;
        }

        return value;
    }

    // Visible ASCII, space and tab only: no CR/LF (a forged base line) and no obs-text.
    private static bool IsSafe(string value) => value.All(c => c == '\t' || c is >= ' ' and <= '~');
}
