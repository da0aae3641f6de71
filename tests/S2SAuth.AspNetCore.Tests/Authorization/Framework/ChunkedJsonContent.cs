using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>
/// A JSON body sent without Content-Length (chunked), so the server cannot know its size up front; with
/// <c>mediaType: null</c> it also goes without Content-Type.
/// </summary>
public sealed class ChunkedJsonContent : HttpContent
{
    private readonly byte[] _bytes;

    public ChunkedJsonContent(string json, string? mediaType = "application/json")
    {
        _bytes = Encoding.UTF8.GetBytes(json);
        Headers.ContentType = mediaType is null ? null : new MediaTypeHeaderValue(mediaType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        foreach (var chunk in _bytes.Chunk(4096))
        {
            await stream.WriteAsync(chunk);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
