using System.Net;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Protocol;
using S2SAuth.Logging;
using S2SAuth.Telemetry;

namespace S2SAuth.Introspection;

/// <summary>
/// RFC 7662 introspection through Duende.IdentityModel (<c>IntrospectTokenAsync</c>): the token with
/// <c>token_type_hint=access_token</c>, this service's client credentials by <c>client_secret_basic</c>, on a protocol
/// client that never follows a redirect. The answer is read strictly: <c>active</c> must be a JSON boolean, claims
/// of the wrong JSON type make the answer invalid. Every failure (unreachable, time-out, non-200, redirect, unreadable
/// answer) is a reason, never an exception and never an "active".
/// </summary>
internal sealed class IntrospectionClient : ITokenIntrospector
{
    /// <summary>The IHttpClientFactory client used for discovery and introspection requests.</summary>
    public const string HttpClientName = "S2SAuth.Introspection";

    private readonly IHttpClientFactory _factory;
    private readonly IntrospectionEndpointResolver _endpoints;
    private readonly string? _clientId;
    private readonly string? _clientSecret;
    private readonly ILogger _logger;

    public IntrospectionClient(IHttpClientFactory factory, IntrospectionEndpointResolver endpoints, IOptions<ServiceAuthOptions> auth, IOptions<IntrospectionOptions> options,
        ILogger<IntrospectionClient> logger)
    {
        _factory = factory;
        _endpoints = endpoints;
        _clientId = options.Value.ClientId ?? auth.Value.ClientId;
        _clientSecret = options.Value.ClientSecret ?? auth.Value.ClientSecret;
        _logger = logger;
    }

    public async Task<IntrospectionOutcome> IntrospectAsync(string token, CancellationToken cancellationToken)
    {
        using var span = ServiceAuthTracing.Start(ServiceAuthTelemetry.IntrospectSpan);
        var outcome = await CallAsync(token, cancellationToken).ConfigureAwait(false);
        ServiceAuthTracing.End(span, outcome.FailureReason is null ? "ok" : "failed", outcome.FailureReason);
        return outcome;
    }

    private async Task<IntrospectionOutcome> CallAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_clientId) || string.IsNullOrEmpty(_clientSecret))
        {
            return IntrospectionOutcome.Failed("no_client_credentials");
        }

        var (address, discoveryError) = await _endpoints.GetAsync(cancellationToken).ConfigureAwait(false);
        if (address is null)
        {
            return IntrospectionOutcome.Failed(discoveryError ?? "no_endpoint");
        }

        using var request = new TokenIntrospectionRequest
        {
            Address = address,
            ClientId = _clientId,
            ClientSecret = _clientSecret,
            ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader,
            AuthorizationHeaderStyle = BasicAuthenticationHeaderStyle.Rfc6749,
            Token = token,
            TokenTypeHint = "access_token",
        };
        var http = _factory.CreateClient(HttpClientName);
        using var response = await http.IntrospectTokenAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Exception is ProtocolRedirectException redirect)
        {
            return IntrospectionOutcome.Failed(redirect.Code);
        }

        if (response.HttpStatusCode != HttpStatusCode.OK)
        {
            if (response.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                // Our own credentials were refused: the operator must fix ClientId/ClientSecret (never logged).
                Log.IntrospectionCredentialsRefused(_logger, (int)response.HttpStatusCode, _clientId);
            }

            return IntrospectionOutcome.Failed(response.HttpStatusCode == 0
                ? (response.Exception is OperationCanceledException or TimeoutException ? "timeout" : "unreachable")
                : "http_" + (int)response.HttpStatusCode);
        }

        return response.Json is { ValueKind: JsonValueKind.Object } json && Read(json) is { } answer
            ? IntrospectionOutcome.Of(answer)
            : IntrospectionOutcome.Failed("invalid_answer");
    }

    /// <summary>The answer of a well-formed RFC 7662 response, or <see langword="null"/> when it is not one.</summary>
    internal static IntrospectionAnswer? Read(JsonElement json)
    {
        if (!json.TryGetProperty("active", out var active) || active.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return null;
        }

        if (active.ValueKind == JsonValueKind.False)
        {
            return IntrospectionAnswer.Inactive;
        }

        if (!TryString(json, "iss", out var issuer) || !TryString(json, "sub", out var subject) || !TryString(json, "jti", out var tokenId)
            || !HasRfc7662Types(json))
        {
            return null;
        }

        List<string> audiences = [];
        if (json.TryGetProperty("aud", out var aud))
        {
            switch (aud.ValueKind)
            {
                case JsonValueKind.String:
                    audiences.Add(aud.GetString()!);
                    break;
                case JsonValueKind.Array:
                    foreach (var item in aud.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.String)
                        {
                            return null;
                        }

                        audiences.Add(item.GetString()!);
                    }

                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    return null;
            }
        }

        DateTimeOffset? expiresAt = null;
        if (json.TryGetProperty("exp", out var exp) && exp.ValueKind != JsonValueKind.Null)
        {
            if (exp.ValueKind != JsonValueKind.Number || !exp.TryGetInt64(out var seconds) || seconds is < 0 or > 253_402_300_799)
            {
                return null;
            }

            expiresAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        var text = json.GetRawText();
        return new IntrospectionAnswer(true, issuer, subject, tokenId, audiences, expiresAt)
        {
            Claims = text.Length <= IntrospectionAnswer.MaxClaimsLength ? text : null,
        };
    }

    /// <summary>
    /// Whether the other members RFC 7662 §2.2 defines have their types: <c>scope</c>, <c>client_id</c>,
    /// <c>username</c> and <c>token_type</c> strings, <c>iat</c> and <c>nbf</c> numbers (or absent, or null). An answer
    /// that gets them wrong (e.g. <c>scope</c> as an array) is not one to trust, for a reference token's claims least of all.
    /// </summary>
    private static bool HasRfc7662Types(JsonElement json)
    {
        foreach (var name in (ReadOnlySpan<string>)["scope", "client_id", "username", "token_type"])
        {
            if (!TryString(json, name, out _))
            {
                return false;
            }
        }

        foreach (var name in (ReadOnlySpan<string>)["iat", "nbf"])
        {
            if (json.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Number or JsonValueKind.Null))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryString(JsonElement json, string name, out string? value)
    {
        value = null;
        if (!json.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }
}
