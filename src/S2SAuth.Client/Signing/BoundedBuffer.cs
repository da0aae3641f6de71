namespace S2SAuth.Client.Signing;

/// <summary>
/// A write-only stream an <see cref="HttpContent"/> serializes itself into, that stops the copy (throws
/// <see cref="TooLargeException"/>) as soon as more than the limit is written, so an oversized body is never held whole.
/// </summary>
internal sealed class BoundedBuffer : Stream
{
    private readonly int _limit;
    private readonly MemoryStream _buffer;

    public BoundedBuffer(int limit, long? declaredLength)
    {
        _limit = limit;
        _buffer = new MemoryStream(declaredLength is { } length && length <= limit ? (int)length : Math.Min(limit, 16 * 1024));
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _buffer.Length;

    public override long Position { get => _buffer.Position; set => throw new NotSupportedException(); }

    /// <summary>Reads <paramref name="content"/> whole, or returns <see langword="null"/> when it is larger than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > limit)
        {
            return null;
        }

        await using var buffer = new BoundedBuffer(limit, declared);
        try
        {
            await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (TooLargeException)
        {
            return null;
        }

        return buffer._buffer.ToArray();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_buffer.Length + buffer.Length > _limit)
        {
            throw new TooLargeException();
        }

        _buffer.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Stops the copy of an oversized body.</summary>
    internal sealed class TooLargeException : Exception
    {
        public TooLargeException()
            : base("The request body is larger than the signing limit.")
        {
        }
    }
}
