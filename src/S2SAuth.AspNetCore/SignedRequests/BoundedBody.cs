using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace S2SAuth.SignedRequests;

/// <summary>
/// Reads a request's raw body once, up to a bound, into a pooled buffer, and rewinds it (request buffering enabled) so
/// the endpoint reads the same bytes again. A body over the bound is not read further.
/// </summary>
internal sealed class BoundedBody : IDisposable
{
    private byte[]? _buffer;

    private BoundedBody(byte[]? buffer, int length, bool tooLarge)
    {
        _buffer = buffer;
        Length = length;
        TooLarge = tooLarge;
    }

    public int Length { get; }

    /// <summary>The body exceeds the bound (by its Content-Length, or as read).</summary>
    public bool TooLarge { get; }

    public ReadOnlySpan<byte> Bytes => _buffer is null ? [] : _buffer.AsSpan(0, Length);

    public static async ValueTask<BoundedBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return new BoundedBody(null, 0, tooLarge: true);
        }

        request.EnableBuffering();
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(request.ContentLength ?? 4096, 1), maxBytes + 1L));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxBytes + 1) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    break;
                }
            }

            request.Body.Position = 0;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length > maxBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return new BoundedBody(null, 0, tooLarge: true);
        }

        return new BoundedBody(buffer, length, tooLarge: false);
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
