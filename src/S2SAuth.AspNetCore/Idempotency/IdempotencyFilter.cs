using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;

namespace S2SAuth.Idempotency;

/// <summary>
/// Runs around an idempotent endpoint (<c>.RequireIdempotency()</c>), after authentication and authorization. For a
/// POST, PUT, PATCH or DELETE with a valid <c>Idempotency-Key</c> it claims the key in its scope (tenant, calling
/// service, user) in the store, then:
/// <list type="bullet">
/// <item>claimed: runs the endpoint once, sending its response as it is written and keeping a bounded copy; a 2xx, 3xx
/// or 4xx (but 408 and 429) answer is stored for <see cref="IdempotencyOptions.Lifetime"/>; a 5xx, 408, 429 or an exception
/// releases the key, so a retry runs again;</item>
/// <item>already stored, same request: replays status, stored headers and body, with <c>Idempotency-Replayed: true</c>;</item>
/// <item>still running, same request: 409 <c>idempotency_in_progress</c> with <c>Retry-After</c>;</item>
/// <item>a different request under the key: 422 <c>idempotency_key_reused</c>;</item>
/// <item>store cannot answer: 503 <c>idempotency_store_unavailable</c> — the endpoint does not run.</item>
/// </list>
/// Other methods pass through untouched.
/// </summary>
internal sealed class IdempotencyFilter
{
    private static readonly string[] AlwaysStored = ["Content-Type", "Content-Language", "Content-Location", "Location", "ETag", "Last-Modified"];

    /// <summary>Longest header value stored (bytes of UTF-8 fit the record's 16-bit length).</summary>
    private const int MaxStoredHeaderLength = 8 * 1024;

    private readonly IIdempotencyStore _store;
    private readonly IdempotencyOptions _options;
    private readonly string[] _storedHeaders;
    private readonly ILogger _logger;

    public IdempotencyFilter(IIdempotencyStore store, IOptions<IdempotencyOptions> options, ILogger<IdempotencyFilter> logger)
    {
        _store = store;
        _options = options.Value;
        _logger = logger;
        _storedHeaders = AlwaysStored.Concat(_options.StoredHeaders).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (!IdempotencyRequest.IsStateChanging(http.Request.Method) || http.Features.Get<Running>() is not null)
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        var auth = ServiceAuthContext.GetOrCreate(http);
        var correlationId = auth.Correlation.CorrelationId;
        switch (IdempotencyRequest.ReadKey(http.Request.Headers[IdempotencyRequest.KeyHeader], out var key))
        {
            case IdempotencyRequest.KeyState.Missing when !_options.RequireKey:
                Log.IdempotencyKeyMissingAllowed(_logger, correlationId);
                await next(http).ConfigureAwait(false);
                return;
            case IdempotencyRequest.KeyState.Missing:
                await RefuseAsync(http, StatusCodes.Status400BadRequest, AuthErrorCodes.IdempotencyKeyMissing,
                    "This endpoint needs an Idempotency-Key header on POST, PUT, PATCH and DELETE: one value per logical call, the same on every retry.").ConfigureAwait(false);
                return;
            case IdempotencyRequest.KeyState.Invalid:
                await RefuseAsync(http, StatusCodes.Status400BadRequest, AuthErrorCodes.IdempotencyKeyInvalid,
                    "Idempotency-Key must be sent once, as 1-128 characters of [A-Za-z0-9._:-], bare or in double quotes.").ConfigureAwait(false);
                return;
        }

        if (auth.Service is null && auth.User is null)
        {
            // A public endpoint: a key scoped to no one would let any caller read another's stored response.
            await RefuseAsync(http, StatusCodes.Status403Forbidden, AuthErrorCodes.Forbidden,
                "An idempotent endpoint needs a verified caller: its keys are scoped to the calling service and user.").ConfigureAwait(false);
            return;
        }

        var scopedKey = IdempotencyRequest.ScopedKey(auth, key);
        var fingerprint = await IdempotencyRequest.FingerprintAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        var claim = IdempotencyRecord.NewClaim(fingerprint);
        byte[]? held;
        try
        {
            held = await _store.TryClaimAsync(scopedKey, claim, _options.InProgressLifetime, http.RequestAborted)
                .WaitAsync(_options.StoreTimeout, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The claim may still land (a timed-out command can reach Redis later): take it back, so a retry is not met
            // by this call's own claim (409) until InProgressLifetime ends. Sent now, it follows the claim on the wire.
            ForgetClaim(scopedKey, claim);
            if (http.RequestAborted.IsCancellationRequested)
            {
                throw;
            }

            await StoreUnavailableAsync(http, "claim a key", e).ConfigureAwait(false);
            return;
        }

        if (held is null)
        {
            await RunAsync(http, next, auth, scopedKey, claim, fingerprint).ConfigureAwait(false);
            return;
        }

        IdempotencyRecord.Entry entry;
        try
        {
            entry = IdempotencyRecord.Read(held);
        }
        catch (FormatException e)
        {
            await StoreUnavailableAsync(http, "read a record", e).ConfigureAwait(false);
            return;
        }

        await AnswerHeldAsync(http, auth, entry, fingerprint).ConfigureAwait(false);
    }

    private async Task RunAsync(HttpContext http, RequestDelegate next, ServiceAuthContext auth, string scopedKey, byte[] claim, byte[] fingerprint)
    {
        var correlationId = auth.Correlation.CorrelationId;
        var original = http.Response.Body;
        using var capture = new ResponseCapture(original, _options.MaxResponseBytes);
        http.Features.Set(new Running());
        http.Response.Body = capture;
        var shim = http.Features.Get<IHttpResponseBodyFeature>();
        try
        {
            await next(http).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await ReleaseAsync(scopedKey, claim, e.GetType().Name, correlationId).ConfigureAwait(false);
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }

        try
        {
            // What the endpoint wrote to the PipeWriter and did not flush goes through the copy now: the server completes
            // only its own feature, never this one.
            if (shim is not null)
            {
                await shim.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // The client is gone; the endpoint ran and the copy holds what it wrote: it is stored all the same.
        }

        var status = http.Response.StatusCode;
        if (status >= 500 || status is StatusCodes.Status408RequestTimeout or StatusCodes.Status429TooManyRequests)
        {
            await ReleaseAsync(scopedKey, claim, "status " + status, correlationId).ConfigureAwait(false);
            return;
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in _storedHeaders)
        {
            foreach (var value in http.Response.Headers[name])
            {
                if (value is { Length: <= MaxStoredHeaderLength })
                {
                    headers.Add(new(name, value));
                }
            }
        }

        if (capture.Overflowed)
        {
            Log.IdempotencyResponseTooLarge(_logger, status, capture.BytesWritten, _options.MaxResponseBytes, correlationId);
        }

        var response = new StoredResponse(status, headers, capture.Captured, BodyStored: !capture.Overflowed);
        if (await TryCompleteAsync(scopedKey, claim, IdempotencyRecord.Response(fingerprint, response), correlationId).ConfigureAwait(false) is { } stored)
        {
            if (stored)
            {
                Log.IdempotencyStored(_logger, status, response.BodyStored ? response.Body.Length : 0, _options.Lifetime, correlationId);
            }

            return;
        }

        // The store is full (in memory): keep at least that the call ran, without its body, so it never runs twice.
        var statusOnly = response with { Headers = [], Body = ReadOnlyMemory<byte>.Empty, BodyStored = false };
        if (await TryCompleteAsync(scopedKey, claim, IdempotencyRecord.Response(fingerprint, statusOnly), correlationId).ConfigureAwait(false) is null)
        {
            Log.IdempotencyResponseNotSaved(_logger, "store full", correlationId);
        }
    }

    /// <summary>Stores the record in place of the claim: whether it did; <see langword="null"/> when the store is full.</summary>
    private async Task<bool?> TryCompleteAsync(string scopedKey, byte[] claim, byte[] record, string correlationId)
    {
        try
        {
            var done = await _store.CompleteAsync(scopedKey, claim, record, _options.Lifetime, CancellationToken.None)
                .WaitAsync(_options.StoreTimeout).ConfigureAwait(false);
            if (!done)
            {
                Log.IdempotencyResponseNotSaved(_logger, "the claim expired before the endpoint finished", correlationId);
            }

            return done;
        }
        catch (IdempotencyStoreFullException)
        {
            return null;
        }
        catch (Exception e)
        {
            Log.IdempotencyResponseNotSaved(_logger, e.GetType().Name, correlationId);
            return false;
        }
    }

    private async Task ReleaseAsync(string scopedKey, byte[] claim, string outcome, string correlationId)
    {
        Log.IdempotencyKeyReleased(_logger, outcome, correlationId);
        try
        {
            await _store.ReleaseAsync(scopedKey, claim, CancellationToken.None).WaitAsync(_options.StoreTimeout).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The claim then expires by itself (InProgressLifetime); until then a retry gets 409.
            Log.IdempotencyStoreFailed(_logger, "release a key", e.GetType().Name, correlationId);
        }
    }

    private void ForgetClaim(string scopedKey, byte[] claim)
    {
        try
        {
            _ = _store.ReleaseAsync(scopedKey, claim, CancellationToken.None)
                .ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        catch (Exception)
        {
            // Best effort: the claim expires by itself.
        }
    }

    private async Task AnswerHeldAsync(HttpContext http, ServiceAuthContext auth, IdempotencyRecord.Entry entry, byte[] fingerprint)
    {
        var correlationId = auth.Correlation.CorrelationId;
        if (!CryptographicOperations.FixedTimeEquals(entry.Fingerprint, fingerprint))
        {
            Log.IdempotencyKeyReused(_logger, auth.Service?.ServiceId, correlationId);
            await RefuseAsync(http, StatusCodes.Status422UnprocessableEntity, AuthErrorCodes.IdempotencyKeyReused,
                "This Idempotency-Key was used for a different request (method, path, query or body); a new call needs a new key.").ConfigureAwait(false);
            return;
        }

        if (entry.Response is not { } response)
        {
            await RefuseAsync(http, StatusCodes.Status409Conflict, AuthErrorCodes.IdempotencyInProgress,
                "The first request with this Idempotency-Key is still being processed; retry after Retry-After seconds to get its response.",
                IdempotencyProblem.InProgressRetryAfterSeconds).ConfigureAwait(false);
            return;
        }

        if (!response.BodyStored)
        {
            await RefuseAsync(http, StatusCodes.Status409Conflict, AuthErrorCodes.IdempotencyResponseNotStored,
                $"The request with this Idempotency-Key was processed (status {response.Status}), but its response was too large to store; it is not run again.").ConfigureAwait(false);
            return;
        }

        Log.IdempotencyReplayed(_logger, response.Status, correlationId);
        var answer = http.Response;
        answer.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            answer.Headers.Append(name, value);
        }

        answer.Headers[IdempotencyRequest.ReplayedHeader] = "true";
        answer.ContentLength = response.Body.Length;
        if (response.Body.Length > 0)
        {
            await answer.Body.WriteAsync(response.Body, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task StoreUnavailableAsync(HttpContext http, string operation, Exception e)
    {
        if (e is not IdempotencyStoreFullException)
        {
            Log.IdempotencyStoreFailed(_logger, operation, e.GetType().Name, ServiceAuthContext.GetOrCreate(http).Correlation.CorrelationId);
        }

        await RefuseAsync(http, StatusCodes.Status503ServiceUnavailable, AuthErrorCodes.IdempotencyStoreUnavailable,
            "The idempotency store cannot answer; the request was not processed. Retry later with the same Idempotency-Key.",
            IdempotencyProblem.StoreUnavailableRetryAfterSeconds).ConfigureAwait(false);
    }

    private Task RefuseAsync(HttpContext http, int status, string code, string detail, int? retryAfterSeconds = null) =>
        IdempotencyProblem.WriteAsync(http, _logger, status, code, detail, retryAfterSeconds);

    /// <summary>Marks a request whose idempotent run has begun: a second <c>RequireIdempotency</c> on the same endpoint passes through.</summary>
    private sealed class Running;
}
