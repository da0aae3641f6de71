using System.Collections;

namespace S2SAuth.Http;

/// <summary>The logging scope of a request: <c>CorrelationId</c> and <c>RequestId</c> as structured values.</summary>
internal sealed class CorrelationScope : IReadOnlyList<KeyValuePair<string, object>>
{
    private readonly CorrelationContext _ids;

    public CorrelationScope(CorrelationContext ids) => _ids = ids;

    public int Count => 2;

    public KeyValuePair<string, object> this[int index] => index switch
    {
        0 => new("CorrelationId", _ids.CorrelationId),
        1 => new("RequestId", _ids.RequestId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"CorrelationId:{_ids.CorrelationId} RequestId:{_ids.RequestId}";
}
