using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace S2SAuth.Idempotency;

/// <summary>
/// How a request is read for idempotency: which calls take part, the <c>Idempotency-Key</c> header
/// (draft-ietf-httpapi-idempotency-key-header: a structured-field string, so a quoted value is accepted as well as a bare
/// one), the key's scope, and the request fingerprint.
/// </summary>
internal static class IdempotencyRequest
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";

    public enum KeyState
    {
        Missing,
        Invalid,
        Valid,
    }

    /// <summary>POST, PUT, PATCH and DELETE: the calls that change state (the S2SAuth client sends a key on each).</summary>
    public static bool IsStateChanging(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>
    /// The key of a request: exactly one <c>Idempotency-Key</c> header whose value, bare or in double quotes, is 1–128
    /// characters of <c>[A-Za-z0-9._:-]</c> (the id rule of correlation ids; UUIDs and the client's hex keys fit).
    /// </summary>
    public static KeyState ReadKey(StringValues values, out string key)
    {
        key = string.Empty;
        if (values.Count == 0)
        {
            return KeyState.Missing;
        }

        if (values.Count > 1 || values[0] is not { } raw)
        {
            return KeyState.Invalid;
        }

        var value = raw.AsSpan().Trim(" \t");
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        if (!RequestIds.IsValid(value))
        {
            return KeyState.Invalid;
        }

        key = value.ToString();
        return KeyState.Valid;
    }

    /// <summary>
    /// The store key: SHA-256 (hex) of the key's scope — the tenant, the calling service and the user, as verified — and
    /// the key itself, each length-prefixed, so two callers' equal keys never meet and no caller text reaches the store.
    /// </summary>
    public static string ScopedKey(ServiceAuthContext auth, string key)
    {
        var text = new StringBuilder("s2sauth-idempotency/v1");
        foreach (var part in new[] { auth.Tenant.TenantId, auth.Service?.ServiceId, auth.User?.UserId, key })
        {
            text.Append('|').Append(part?.Length ?? -1).Append(':').Append(part);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// SHA-256 of the method, path, query and body: a retry must send the same request. The body is buffered
    /// (<c>EnableBuffering</c>: memory, then a temporary file; bounded by the server's request-size limit) and rewound
    /// for the endpoint.
    /// </summary>
    public static async Task<byte[]> FingerprintAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = $"{request.Method}\n{request.PathBase}{request.Path}\n{request.QueryString}\n";
        hash.AppendData(Encoding.UTF8.GetBytes(head));
        request.EnableBuffering();
        var body = request.Body;
        body.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        body.Position = 0;
        return hash.GetHashAndReset();
    }
}
