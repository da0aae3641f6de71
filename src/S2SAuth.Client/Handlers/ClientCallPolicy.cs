using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Http;
using S2SAuth.Client.Logging;
using S2SAuth.Client.Telemetry;
using S2SAuth.Client.Tokens;

namespace S2SAuth.Client.Handlers;

/// <summary>
/// What one named client may do, read once per handler chain: its options, allowed hosts and token key,
/// and the decision of a logical call (user-scoped or not, with which user token).
/// </summary>
internal sealed class ClientCallPolicy
{
    private ClientCallPolicy(string clientName, ServiceTokenHandlerOptions options, IOutgoingCallContext context, ILogger logger, ClientMetrics metrics)
    {
        ClientName = clientName;
        Options = options;
        Hosts = AllowedOrigins.Parse(options.AllowedHosts);
        TokenKey = TokenKey.For(options.Audience, options.Scopes);
        Context = context;
        Logger = logger;
        Metrics = metrics;
    }

    public string ClientName { get; }

    public ServiceTokenHandlerOptions Options { get; }

    public AllowedOrigins Hosts { get; }

    public TokenKey TokenKey { get; }

    public IOutgoingCallContext Context { get; }

    public ILogger Logger { get; }

    public ClientMetrics Metrics { get; }

    public static ClientCallPolicy Create(IServiceProvider services, string clientName) => new(
        clientName,
        services.GetRequiredService<IOptionsMonitor<ServiceTokenHandlerOptions>>().Get(clientName),
        services.GetService<IOutgoingCallContext>() ?? NoOutgoingCallContext.Instance,
        services.GetRequiredService<ILoggerFactory>().CreateLogger("S2SAuth.Client.ServiceTokenHandler"),
        services.GetRequiredService<ClientMetrics>());

    /// <summary>Decides the logical call; throws <see cref="OutgoingCallRefusedException"/> when it may not go out.</summary>
    public CallState Decide(HttpRequestMessage request)
    {
        if (!Hosts.IsAllowed(request.RequestUri))
        {
            throw Refuse(request, OutgoingCallRefusalReason.HostNotAllowed, request.RequestUri);
        }

        var userScoped = request.Options.TryGetValue(ServiceTokenHttpRequestMessageExtensions.UserScopedKey, out var requested) ? requested : Options.UserScoped;
        string? userToken = null;
        if (userScoped)
        {
            userToken = Context.UserToken;
            if (string.IsNullOrEmpty(userToken))
            {
                throw Refuse(request, OutgoingCallRefusalReason.UserTokenMissing, request.RequestUri);
            }
        }

        return new CallState(userScoped, userToken, Options.RetryWithIdempotencyKey);
    }

    public OutgoingCallRefusedException Refuse(HttpRequestMessage request, OutgoingCallRefusalReason reason, Uri? target)
    {
        var host = target is { IsAbsoluteUri: true } ? target.Authority : "(none)";
        Log.CallRefused(Logger, ClientName, reason, host, CorrelationIdOf(request));
        Metrics.CallRefused(ClientName, ClientMetrics.ReasonCode(reason));
        return new OutgoingCallRefusedException(reason, ClientName, host);
    }

    public static string CorrelationIdOf(HttpRequestMessage request) =>
        request.Headers.TryGetValues(OutgoingHeaders.CorrelationId, out var values) && values.FirstOrDefault() is { } id && CallIds.IsValid(id)
            ? id
            : "(none)";
}
