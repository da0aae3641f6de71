namespace S2SAuth.Client.Http;

/// <summary>
/// Tells a gRPC call (Grpc.Net.Client, through <c>AddGrpcClient&lt;T&gt;()</c>) from other requests, by its content type:
/// its body is a stream of messages the gRPC client writes once, so S2SAuth never sends it twice (no retry, no resend
/// after a rejected token); gRPC's own retry policy buffers and replays messages itself. Also reads a gRPC refusal of
/// the service token: a trailers-only answer with <c>grpc-status: 16</c> (Unauthenticated) and, as over HTTP, an
/// RFC 6750 <c>invalid_token</c> challenge.
/// </summary>
internal static class GrpcCalls
{
    private const string GrpcContentType = "application/grpc";
    private const string Unauthenticated = "16";

    /// <summary>Whether <paramref name="request"/> is a gRPC call (or gRPC-Web).</summary>
    public static bool IsGrpc(HttpRequestMessage? request) =>
        request?.Content?.Headers.ContentType?.MediaType is { } type && type.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a gRPC answer is a trailers-only <c>Unauthenticated</c> (the status in its headers, HTTP 200).</summary>
    public static bool IsUnauthenticated(HttpResponseMessage response) =>
        response.IsSuccessStatusCode
        && response.Headers.TryGetValues("grpc-status", out var status) && status.FirstOrDefault() == Unauthenticated;
}
