using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using S2SAuth.Authorization;
using S2SAuth.Http;
using S2SAuth.Logging;
using S2SAuth.Replay;
using S2SAuth.Telemetry;

namespace S2SAuth.Webhooks;

/// <summary>
/// The webhook step in front of an endpoint marked <c>RequireWebhookSignature</c>, before model binding: reads the raw
/// body once (bounded), verifies the provider's signature over those exact bytes, deduplicates the event atomically in
/// the replay store (only after the signature holds), runs the endpoint's tenant resolver, audits the delivery, then
/// hands the endpoint the same bytes. A refused delivery never reaches the resolver or the endpoint.
/// </summary>
internal sealed class WebhookFilter
{
    private const string ReplayKind = "webhook";
    private const string ContentReplayKind = "webhook-content";

    private readonly WebhookProviders _providers;
    private readonly IReplayStore _replay;
    private readonly WebhookAudit _audit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReplayMetrics? _metrics;

    public WebhookFilter(WebhookProviders providers, IReplayStore replay, WebhookAudit audit, TimeProvider time, ILogger<WebhookFilter> logger, ReplayMetrics? metrics = null)
    {
        _metrics = metrics;
        _providers = providers;
        _replay = replay;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var declaration = http.GetEndpoint()?.Metadata.GetMetadata<IWebhookDeclaration>();
        if (declaration is null || http.Features.Get<WebhookContext>() is not null)
        {
            // Not a webhook endpoint after all, or already verified by an outer step (an attribute and a convention).
            await next(http).ConfigureAwait(false);
            return;
        }

        var auth = ServiceAuthContext.GetOrCreate(http);
        var correlationId = auth.Correlation.CorrelationId;
        var name = declaration.Provider;
        if (!_providers.TryGet(name, out var provider))
        {
            var endpointName = EndpointRules.For(http.GetEndpoint()).Name(http.Request);
            Log.WebhookProviderUnknown(_logger, endpointName, name);
            await RefuseAsync(http, name, null, StatusCodes.Status503ServiceUnavailable, AuthErrorCodes.WebhookProviderUnknown,
                "The endpoint names a webhook provider this service does not configure.").ConfigureAwait(false);
            return;
        }

        var (outcome, body, status) = await WebhookBody.ReadAsync(http.Request, provider.MaxBodyBytes, http.RequestAborted).ConfigureAwait(false);
        if (outcome == WebhookBody.Outcome.TooLarge)
        {
            await RefuseAsync(http, name, null, StatusCodes.Status413PayloadTooLarge, AuthErrorCodes.WebhookBodyTooLarge,
                $"The body is larger than the provider's limit of {provider.MaxBodyBytes} bytes.").ConfigureAwait(false);
            return;
        }

        if (outcome != WebhookBody.Outcome.Read)
        {
            // The client went away or broke the framing: no verification, no endpoint, and nothing worth a 500.
            var unread = outcome.ToString();
            Log.WebhookBodyUnread(_logger, name, unread, status, correlationId);
            if (!http.Response.HasStarted)
            {
                http.Response.StatusCode = status;
            }

            return;
        }

        var verification = provider.Verifier.Verify(http.Request.Headers, body);
        if (!verification.Ok)
        {
            var code = verification.FailureCode!;
            await RefuseAsync(http, name, null, WebhookProblem.StatusOf(code), code, verification.Detail!).ConfigureAwait(false);
            return;
        }

        var eventId = verification.EventId;
        var eventIdIsSigned = verification.EventIdIsSigned;
        if (provider.EventIdInBody && StripeEventId.Read(body) is { } bodyId)
        {
            (eventId, eventIdIsSigned) = (bodyId, true); // the whole body is signed
        }

        var safeEventId = RequestText.Escape(eventId);
        var keys = ReplayKeys(name, body, eventId, eventIdIsSigned, verification.Timestamp);
        var until = _time.GetUtcNow() + provider.DedupeLifetime;
        var recorded = new List<ReplayKey>(keys.Count);
        foreach (var key in keys)
        {
            var check = await _replay.TryFirstUseAsync(key, until, http.RequestAborted).ConfigureAwait(false);
            if (check == ReplayCheck.FirstUse)
            {
                recorded.Add(key);
                continue;
            }

            if (check == ReplayCheck.Replay)
            {
                Log.WebhookDuplicate(_logger, name, safeEventId, correlationId);
                _metrics?.WebhookReplayed(name);
                await _audit.RecordAsync(http, name, eventId, AuditOutcome.Duplicate, AuthErrorCodes.WebhookDuplicate, null, null).ConfigureAwait(false);
                await WebhookProblem.WriteDuplicateAsync(http).ConfigureAwait(false);
                return;
            }

            Log.WebhookReplayCheckUnavailable(_logger, name, correlationId);
            await ForgetAsync(recorded).ConfigureAwait(false);
            await RefuseAsync(http, name, eventId, StatusCodes.Status503ServiceUnavailable, AuthErrorCodes.ReplayCheckUnavailable,
                "The delivery cannot be checked against earlier ones right now; retry later.").ConfigureAwait(false);
            return;
        }

        var context = new WebhookContext(name, eventId, verification.Timestamp);
        Log.WebhookVerified(_logger, name, safeEventId, body.Length, correlationId);
        var original = http.Request.Body;
        try
        {
            if (declaration.TenantResolver is { } resolve && resolve(context, body) is { } tenantId)
            {
                context.TenantId = tenantId;
                auth.Tenant = new TenantContext(tenantId, TenantSource.Webhook);
            }

            http.Features.Set(context);
            await _audit.RecordAsync(http, name, eventId, AuditOutcome.Allowed, null, null, context.TenantId).ConfigureAwait(false);

            // The endpoint (and model binding) reads exactly the verified bytes.
            http.Request.Body = new MemoryStream(body, writable: false);
            await next(http).ConfigureAwait(false);
        }
        catch
        {
            await ForgetAfterFailureAsync(http, name, eventId, recorded, StatusCodes.Status500InternalServerError).ConfigureAwait(false);
            throw;
        }
        finally
        {
            http.Request.Body = original;
        }

        if (http.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            await ForgetAfterFailureAsync(http, name, eventId, recorded, http.Response.StatusCode).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The replay keys of a verified delivery: the event id when the signature covers it; otherwise the signed content
    /// (timestamp and body, which a replayer cannot change) and, when there is one, the unsigned id as well.
    /// </summary>
    private static List<ReplayKey> ReplayKeys(string provider, byte[] body, string? eventId, bool eventIdIsSigned, DateTimeOffset? timestamp)
    {
        var keys = new List<ReplayKey>(2);
        if (eventId is not null && eventIdIsSigned)
        {
            keys.Add(ReplayKey.For(ReplayKind, provider, eventId));
            return keys;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (timestamp is { } signed)
        {
            hash.AppendData(Encoding.ASCII.GetBytes(signed.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + "."));
        }

        hash.AppendData(body);
        keys.Add(ReplayKey.For(ContentReplayKind, provider, hash.GetHashAndReset()));
        if (eventId is not null)
        {
            keys.Add(ReplayKey.For(ReplayKind, provider, eventId));
        }

        return keys;
    }

    private async Task ForgetAfterFailureAsync(HttpContext http, string provider, string? eventId, List<ReplayKey> recorded, int status)
    {
        var safeEventId = RequestText.Escape(eventId);
        var correlationId = http.GetServiceAuthContext()?.Correlation.CorrelationId ?? string.Empty;
        Log.WebhookDeliveryForgotten(_logger, provider, safeEventId, status, correlationId);
        await ForgetAsync(recorded).ConfigureAwait(false);
    }

    private async Task ForgetAsync(List<ReplayKey> recorded)
    {
        foreach (var key in recorded)
        {
            try
            {
                await _replay.ForgetAsync(key, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Best effort: the event stays recorded and the retry is answered as a duplicate.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private async Task RefuseAsync(HttpContext http, string provider, string? eventId, int status, string code, string detail)
    {
        var correlationId = http.GetServiceAuthContext()?.Correlation.CorrelationId ?? string.Empty;
        Log.WebhookRefused(_logger, provider, code, detail, correlationId);
        await _audit.RecordAsync(http, provider, eventId, AuditOutcome.Denied, code, status, null).ConfigureAwait(false);
        await WebhookProblem.WriteAsync(http, status, code, detail).ConfigureAwait(false);
    }
}
