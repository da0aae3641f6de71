namespace AuthService.Logging;

/// <summary>A structured log state with its <c>Token</c> and <c>Payload</c> values replaced by <c>[redacted]</c>.</summary>
internal sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const string OriginalFormat = "{OriginalFormat}";
    private const string Redacted = "[redacted]";
    private static readonly string[] SensitiveNames = ["Token", "Payload"];
    private readonly KeyValuePair<string, object?>[] _values;

    public RedactedLogState(IReadOnlyList<KeyValuePair<string, object?>> values) =>
        _values = [.. values.Select(kv => IsSensitive(kv.Key) ? new KeyValuePair<string, object?>(kv.Key, Redacted) : kv)];

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public static bool NeedsRedaction(IReadOnlyList<KeyValuePair<string, object?>> values) => values.Any(kv => IsSensitive(kv.Key));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The message: the original template with every placeholder filled, sensitive ones redacted.</summary>
    public override string ToString()
    {
        var message = _values.FirstOrDefault(kv => kv.Key == OriginalFormat).Value as string ?? Redacted;
        foreach (var (name, value) in _values.Where(kv => kv.Key != OriginalFormat))
        {
            message = message.Replace("{" + name + "}", value?.ToString() ?? "(null)", StringComparison.Ordinal);
        }

        return message;
    }

    private static bool IsSensitive(string name) => SensitiveNames.Contains(name, StringComparer.OrdinalIgnoreCase);
}
