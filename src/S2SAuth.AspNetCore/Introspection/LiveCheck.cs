using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;
using S2SAuth.Verification;

namespace S2SAuth.Introspection;

/// <summary>The refusal of a live check: which token, the stable code and a safe detail.</summary>
internal readonly record struct LiveCheckFailure(string TokenKind, string Code, string Detail);

/// <summary>
/// Central verification (RFC 7662), after local verification: on an endpoint that needs it (<c>RequireLiveCheck</c>,
/// or an activity listed in <c>ServiceAuth:Introspection:Activities</c>), every token of the request that the options
/// name is introspected (through <see cref="IntrospectionCache"/>) and accepted only when the issuer says it is active
/// and its answer does not contradict the verified token (RFC 7662 §4: <c>iss</c>, <c>jti</c>, <c>exp</c>,
/// and an <c>aud</c> that names this service). An inactive token is 401 <c>token_inactive</c>; a contradiction 401
/// <c>introspection_mismatch</c>; no answer (issuer down, time-out, error, unreadable) 503 <c>introspection_unavailable</c>.
/// </summary>
internal sealed class LiveCheck
{
    private readonly ConditionalWeakTable<Endpoint, object> _required = [];
    private static readonly object Yes = true;
    private static readonly object No = false;
    private readonly IntrospectionCache _cache;
    private readonly IntrospectionOptions _options;
    private readonly HashSet<string> _activities;
    private readonly string[] _audiences;
    private readonly Func<Endpoint, IEnumerable<string>> _activitiesOf;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public LiveCheck(IntrospectionCache cache, IOptions<IntrospectionOptions> options, IOptions<ServiceAuthOptions> auth, EndpointActivities activitiesOf,
        TimeProvider time, ILogger<LiveCheck> logger)
    {
        _cache = cache;
        _options = options.Value;
        _activities = new HashSet<string>(_options.Activities, StringComparer.Ordinal);
        _audiences = [.. auth.Value.AllAudiences()];
        _activitiesOf = activitiesOf.Read;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether the endpoint carries a <c>RequireLiveCheck</c> declaration (when introspection was never added, it is refused).</summary>
    public static bool IsDeclared(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<ILiveCheckDeclaration>() is not null;

    /// <summary>The refusal of a live-checked endpoint when <c>AddIntrospection()</c> was not called: fail closed.</summary>
    public static LiveCheckFailure NotConfigured(ILogger logger)
    {
        Log.LiveCheckNotConfigured(logger);
        return new LiveCheckFailure("Request", AuthErrorCodes.IntrospectionUnavailable, "The token cannot be checked at the issuer; try again later.");
    }

    /// <summary>Whether the endpoint needs a live check: declared, or one of its activities is listed. Read once per endpoint.</summary>
    public bool IsRequiredFor(Endpoint? endpoint)
    {
        if (endpoint is null)
        {
            return false;
        }

        if (_required.TryGetValue(endpoint, out var known))
        {
            return ReferenceEquals(known, Yes);
        }

        var required = IsDeclared(endpoint) || (_activities.Count > 0 && _activitiesOf(endpoint).Any(_activities.Contains));
        _required.AddOrUpdate(endpoint, required ? Yes : No);
        return required;
    }

    /// <summary>Checks the request's verified tokens at the issuer; <see langword="null"/> when every one is active.</summary>
    public async ValueTask<LiveCheckFailure?> CheckAsync(VerifiedToken? service, VerifiedToken? user, string correlationId, CancellationToken cancellationToken)
    {
        if (service is not null && _options.CheckServiceToken && await CheckAsync(service, correlationId, cancellationToken).ConfigureAwait(false) is { } serviceFailure)
        {
            return serviceFailure;
        }

        if (user is not null && _options.CheckUserToken && await CheckAsync(user, correlationId, cancellationToken).ConfigureAwait(false) is { } userFailure)
        {
            return userFailure;
        }

        return null;
    }

    private async ValueTask<LiveCheckFailure?> CheckAsync(VerifiedToken token, string correlationId, CancellationToken cancellationToken)
    {
        var kind = token.Kind == TokenKind.Service ? "Service" : "User";
        var outcome = await _cache.GetAsync(token.Token, token.Info, cancellationToken).ConfigureAwait(false);
        if (outcome.Answer is not { } answer)
        {
            Log.IntrospectionUnavailable(_logger, kind, outcome.FailureReason ?? "unknown", correlationId);
            return new LiveCheckFailure(kind, AuthErrorCodes.IntrospectionUnavailable, "The token could not be checked at the issuer; try again later.");
        }

        if (!answer.Active || (answer.ExpiresAt is { } exp && exp <= _time.GetUtcNow()))
        {
            Log.TokenInactive(_logger, kind, correlationId);
            return new LiveCheckFailure(kind, AuthErrorCodes.TokenInactive, "The issuer says the token is no longer active.");
        }

        if (Contradiction(answer, token.Info) is { } claim)
        {
            Log.IntrospectionMismatch(_logger, kind, claim, correlationId);
            return new LiveCheckFailure(kind, AuthErrorCodes.IntrospectionMismatch, $"The issuer's answer about the token contradicts its '{claim}' claim.");
        }

        Log.LiveCheckPassed(_logger, kind, correlationId);
        return null;
    }

    /// <summary>The first claim of an active answer that contradicts the verified token (RFC 7662 §4), if any. Absent claims contradict nothing.</summary>
    private string? Contradiction(IntrospectionAnswer answer, VerifiedTokenInfo token)
    {
        if (answer.Issuer is { } iss && !string.Equals(iss, token.Issuer, StringComparison.Ordinal))
        {
            return "iss";
        }

        // sub is not compared: for some issuers the verified subject is read from another claim than sub.
        if (answer.TokenId is { } jti && token.TokenId.Length > 0 && !string.Equals(jti, token.TokenId, StringComparison.Ordinal))
        {
            return "jti";
        }

        if (answer.ExpiresAt is { } exp && exp != token.ExpiresAt)
        {
            return "exp";
        }

        if (answer.Audiences.Count > 0 && !answer.Audiences.Any(a => _audiences.Contains(a, StringComparer.Ordinal)))
        {
            return "aud";
        }

        return null;
    }
}

/// <summary>
/// Reads the activity keys an endpoint requires, supplied at registration (DependencyInjection/) so that introspection
/// does not depend on the authorization folder that declares them.
/// </summary>
internal sealed class EndpointActivities(Func<Endpoint, IEnumerable<string>> read)
{
    public Func<Endpoint, IEnumerable<string>> Read { get; } = read;
}
