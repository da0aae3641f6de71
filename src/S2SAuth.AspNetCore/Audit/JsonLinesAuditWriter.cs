using System.Buffers;
using System.Text.Json;

namespace S2SAuth.Audit;

/// <summary>
/// The built-in JSON-lines sink: one JSON object per event and line, serialized with <see cref="Utf8JsonWriter"/> into a
/// reused buffer and written to the stream with one write and one flush per batch (standard output: in chunks of whole
/// lines of at most 4 KiB, so that a line never interleaves with another writer's on a pipe). Hand-written instead of
/// going through <c>ILogger</c>: the logger stack costs 15–25 µs per line (docs/benchmarks.md), this well under 1 µs.
/// Thread-safe (a lock): the background writer and, at shutdown or on overflow, a request thread may write at once.
/// </summary>
internal sealed class JsonLinesAuditWriter : IDisposable
{
    /// <summary>The largest write to standard output, in bytes: <c>PIPE_BUF</c>, below which a pipe write is atomic.</summary>
    public const int ConsoleChunk = 4096;

    private const int InitialBuffer = 64 * 1024;
    private const int MaxRetainedBuffer = 4 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly bool _chunked;
    private readonly Lock _lock = new();
    private ArrayBufferWriter<byte> _buffer = new(InitialBuffer);
    private Utf8JsonWriter? _json;

    public JsonLinesAuditWriter(Stream stream, bool chunked)
    {
        _stream = stream;
        _chunked = chunked;
    }

    public static JsonLinesAuditWriter ForConsole() => new(Console.OpenStandardOutput(), chunked: true);

    /// <summary>
    /// Opens <paramref name="path"/> for appending (created if missing): others may read it (FileShare.Read: log
    /// shippers, <c>tail -f</c>) and rename or delete it (FileShare.Delete: rotation), but not write to it. Each batch is
    /// written at the end of the file as it is then (<see cref="Write"/> seeks there first), so a rotation that truncates
    /// the file in place (logrotate's <c>copytruncate</c>) leaves no hole; after a rename the writer keeps writing to the
    /// renamed file until the process restarts (docs/audit.md).
    /// </summary>
    public static JsonLinesAuditWriter ForFile(string path) =>
        new(new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0), chunked: false);

    public void Write(ReadOnlySpan<AuthorizationAuditEvent> events)
    {
        lock (_lock)
        {
            _buffer.ResetWrittenCount();
            foreach (var auditEvent in events)
            {
                if (_json is null)
                {
                    _json = new Utf8JsonWriter(_buffer);
                }
                else
                {
                    _json.Reset(_buffer);
                }

                AuditJson.Write(_json, auditEvent);
                _json.Flush();
                _buffer.Write("\n"u8);
            }

            WriteOut(_buffer.WrittenSpan);
            _stream.Flush();
            if (_buffer.Capacity > MaxRetainedBuffer)
            {
                _buffer = new ArrayBufferWriter<byte>(InitialBuffer); // an unusually large batch: do not keep its buffer
                _json = null;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _json?.Dispose();
            _stream.Dispose();
        }
    }

    private void WriteOut(ReadOnlySpan<byte> bytes)
    {
        if (!_chunked)
        {
            if (_stream.CanSeek)
            {
                _stream.Seek(0, SeekOrigin.End); // append, also after the file was truncated under us
            }

            _stream.Write(bytes);
            return;
        }

        while (bytes.Length > ConsoleChunk)
        {
            // Whole lines up to 4 KiB; a single longer line goes alone.
            var cut = bytes[..ConsoleChunk].LastIndexOf((byte)'\n') + 1;
            if (cut == 0)
            {
                cut = bytes.IndexOf((byte)'\n') + 1;
            }

            _stream.Write(bytes[..cut]);
            bytes = bytes[cut..];
        }

        _stream.Write(bytes);
    }
}
