namespace S2SAuth.Idempotency;

/// <summary>
/// Stands in for the response body while an idempotent endpoint runs: everything written goes on to the client at once,
/// and a copy of up to <c>limit</c> bytes is kept for the store. Past the limit the copy is dropped (<see cref="Overflowed"/>).
/// </summary>
internal sealed class ResponseCapture : Stream
{
    private readonly Stream _inner;
    private readonly int _limit;
    private MemoryStream? _copy = new();

    public ResponseCapture(Stream inner, int limit)
    {
        _inner = inner;
        _limit = limit;
    }

    public bool Overflowed => _copy is null;

    public long BytesWritten { get; private set; }

    public ReadOnlyMemory<byte> Captured => _copy is null ? ReadOnlyMemory<byte>.Empty : _copy.GetBuffer().AsMemory(0, (int)_copy.Length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        _inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Keep(buffer);
        _inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Keep(buffer.AsSpan(offset, count));
        return _inner.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        BytesWritten += bytes.Length;
        if (_copy is null)
        {
            return;
        }

        if (_copy.Length + bytes.Length > _limit)
        {
            _copy.Dispose();
            _copy = null;
            return;
        }

        _copy.Write(bytes);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _copy?.Dispose();
        }

        base.Dispose(disposing);
    }
}
