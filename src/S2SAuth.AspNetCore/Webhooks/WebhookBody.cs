using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace S2SAuth.Webhooks;

/// <summary>
/// Reads a delivery's raw body once, bounded: a <c>Content-Length</c> over the bound is refused before reading, a chunked
/// body is counted while it is read and refused as soon as it passes the bound. The bytes are exactly what came on the
/// wire (after transfer decoding), never a decoded or re-serialised form.
/// </summary>
internal static class WebhookBody
{
    private const int ChunkSize = 16 * 1024;

    public enum Outcome
    {
        Read,
        TooLarge,
        Aborted,
        Unreadable,
    }

    public static async Task<(Outcome Outcome, byte[] Body, int Status)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            return (Outcome.TooLarge, [], StatusCodes.Status413PayloadTooLarge);
        }

        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            using var buffer = new MemoryStream((int)Math.Min(request.ContentLength ?? ChunkSize, maxBytes));
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    return (Outcome.TooLarge, [], StatusCodes.Status413PayloadTooLarge);
                }

                buffer.Write(chunk, 0, read);
            }

            return (Outcome.Read, buffer.ToArray(), StatusCodes.Status200OK);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (Outcome.Aborted, [], StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException e)
        {
            // The server's own limits and framing errors (Kestrel's MaxRequestBodySize is a 413).
            return e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? (Outcome.TooLarge, [], e.StatusCode)
                : (Outcome.Unreadable, [], e.StatusCode);
        }
        catch (IOException)
        {
            // The client went away mid-body (connection reset): nothing to answer.
            return (Outcome.Aborted, [], StatusCodes.Status400BadRequest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
