using Microsoft.Extensions.Logging;
using S2SAuth.Client.Http;
using S2SAuth.Client.Logging;
using S2SAuth.Client.Telemetry;
using S2SAuth.Client.Tokens;

namespace S2SAuth.Client.Handlers;

/// <summary>
/// What one named client may do, read once per handler chain from its options: where its token may go, which token it
/// carries, and the decision of a logical call (user-scoped or not, with which user token), or its refusal.
/// </summary>
internal sealed class ClientCallPolicy
{
    private readonly ServiceTokenHandlerOptions _options;
    private readonly AllowedOrigins _hosts;
    private readonly IOutgoingCallContext _context;
    private readonly ILogger _logger;
    private readonly ClientMetrics _metrics;

    public ClientCallPolicy(string clientName, ServiceTokenHandlerOptions options, IOutgoingCallContext context, ILogger logger, ClientMetrics metrics)
    {
        ClientName = clientName;
        _options = options;
        _hosts = AllowedOrigins.Parse(options.AllowedHosts);
        _context = context;
        _logger = logger;
        _metrics = metrics;
        TokenKey = TokenKey.For(options.Audience, options.Scopes);
        if (options.UserToken == UserTokenMode.Exchange && (options.ExchangeAudience ?? options.Audience) is { } audience)
        {
            ExchangeScopes = [.. options.ExchangeScopes.Count > 0 ? options.ExchangeScopes : options.Scopes];
            ExchangeKeyParts = (audience, ExchangeScopes.Count == 0 ? null : string.Join(' ', ExchangeScopes));
        }
    }

    public string ClientName { get; }

    /// <summary>The audience and scopes of the client's service token.</summary>
    public TokenKey TokenKey { get; }

    /// <summary>Whether user-scoped calls send an exchanged token (<see cref="UserTokenMode.Exchange"/>) rather than the user's own.</summary>
    public bool Exchanges => ExchangeKeyParts is not null;

    /// <summary>The scopes asked for an exchanged token (empty when the client does not exchange).</summary>
    public IReadOnlyList<string> ExchangeScopes { get; } = [];

    /// <summary>The audience and space-joined scopes of the client's exchanges, or <see langword="null"/>.</summary>
    public (string Audience, string? Scope)? ExchangeKeyParts { get; }

    /// <summary>The header that carries the user token on user-scoped calls.</summary>
    public UserTokenHeader UserTokenHeader => _options.UserTokenHeader;

    /// <summary>Whether <paramref name="target"/>'s scheme, host and port may receive the client's token.</summary>
    public bool IsAllowed(Uri? target) => _hosts.IsAllowed(target);

    /// <summary>Decides the logical call; throws <see cref="OutgoingCallRefusedException"/> when it may not go out.</summary>
    public CallState Decide(HttpRequestMessage request)
    {
        if (!IsAllowed(request.RequestUri))
        {
            throw Refuse(request, OutgoingCallRefusalReason.HostNotAllowed, request.RequestUri);
        }

        var userScoped = request.Options.TryGetValue(ServiceTokenHttpRequestMessageExtensions.UserScopedKey, out var requested) ? requested : _options.UserScoped;
        string? userToken = null;
        if (userScoped)
        {
            userToken = _context.UserToken;
            if (string.IsNullOrEmpty(userToken))
            {
                throw Refuse(request, OutgoingCallRefusalReason.UserTokenMissing, request.RequestUri);
            }
        }

        return new CallState(userScoped, userToken, _options.RetryWithIdempotencyKey);
    }

    /// <summary>Logs and counts a refusal, and returns the exception to throw (with <paramref name="message"/>, else the reason's own).</summary>
    public OutgoingCallRefusedException Refuse(HttpRequestMessage request, OutgoingCallRefusalReason reason, Uri? target, string? message = null)
    {
        var host = target is { IsAbsoluteUri: true } ? target.Authority : "(none)";
        Log.CallRefused(_logger, ClientName, reason, host, CorrelationIdOf(request));
        _metrics.CallRefused(ClientName, ClientMetrics.ReasonCode(reason));
        return message is null ? new OutgoingCallRefusedException(reason, ClientName, host) : new OutgoingCallRefusedException(reason, ClientName, host, message);
    }

    public static string CorrelationIdOf(HttpRequestMessage request) =>
        request.Headers.TryGetValues(OutgoingHeaders.CorrelationId, out var values) && values.FirstOrDefault() is { } id && CallIds.IsValid(id)
            ? id
            : "(none)";
}
