using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Testing;

/// <summary>
/// The issuer's RFC 8693 token exchange, for testing clients that exchange user tokens. Any registered client may
/// exchange a user token this issuer signed (and that has not expired) for exactly one audience (<c>audience</c> or
/// <c>resource</c>) and scopes that the client may ask for and the subject token holds (<c>permissions</c>, <c>scope</c>,
/// <c>scopes</c>). The issued token keeps <c>sub</c>, <c>type</c> and <c>tenant_id</c>, holds the granted scopes as
/// <c>permissions</c>, never outlives the subject token, and names the client in <c>act</c> (the subject's own
/// <c>act</c> nested inside).
/// </summary>
internal static class TokenExchangeEndpoint
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    public static async Task<IResult> HandleAsync(TestIssuer issuer, IFormCollection form, string? clientId, string? secret, ConcurrentDictionary<string, TestClient> clients)
    {
        issuer.CountTokenExchange();
        if (clientId is null || secret is null || !clients.TryGetValue(clientId, out var client) || client.Disabled
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(client.Secret)))
        {
            return Error("invalid_client", 401);
        }

        if (form["subject_token_type"] != AccessTokenType || form["subject_token"].ToString() is not { Length: > 0 } subjectToken
            || (form["requested_token_type"].ToString() is { Length: > 0 } requestedType && requestedType != AccessTokenType))
        {
            return Error("invalid_request", 400);
        }

        var audiences = form["audience"].Concat(form["resource"]).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).ToArray();
        if (audiences.Length != 1)
        {
            return Error("invalid_target", 400);
        }

        var subject = await ValidateAsync(issuer, subjectToken).ConfigureAwait(false);
        if (subject is null)
        {
            return Error("invalid_grant", 400);
        }

        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var held = Held(subject);
        if (requested.Any(s => !client.AllowedScopes.Contains(s) || !held.Contains(s)))
        {
            return Error("invalid_scope", 400);
        }

        var now = issuer.TimeProvider.GetUtcNow();
        var expires = now + (client.TokenLifetime ?? issuer.TokenLifetime);
        if (subject.ValidTo < expires.UtcDateTime)
        {
            expires = new DateTimeOffset(subject.ValidTo, TimeSpan.Zero);
        }

        var actor = new Dictionary<string, object> { ["sub"] = client.ClientId };
        if (subject.TryGetPayloadValue<JsonElement>("act", out var earlier))
        {
            actor["act"] = earlier;
        }

        var token = issuer.Token().Claim("sub", subject.Subject).Claim("type", "user").Claim("client_id", client.ClientId)
            .Audience(audiences[0]).Claim("permissions", requested).Claim("scope", string.Join(' ', requested)).Claim("act", actor)
            .Claim("exp", expires.ToUnixTimeSeconds());
        if (subject.TryGetPayloadValue<string>("tenant_id", out var tenant))
        {
            token.Claim("tenant_id", tenant);
        }

        var issued = token.Build();
        issuer.IssuedTokens.Enqueue(issued);
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = issued,
            ["issued_token_type"] = AccessTokenType,
            ["token_type"] = "Bearer",
            ["expires_in"] = Math.Max(1, (long)(expires - now).TotalSeconds),
            ["scope"] = string.Join(' ', requested),
        });
    }

    private static async Task<JsonWebToken?> ValidateAsync(TestIssuer issuer, string token)
    {
        var handler = new JsonWebTokenHandler();
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            ValidateAudience = false,
            IssuerSigningKeys = issuer.PublishedKeys.Select(k => (SecurityKey)k.SecurityKey).ToArray(),
            ValidateLifetime = false,
        }).ConfigureAwait(false);
        return result.IsValid && result.SecurityToken is JsonWebToken jwt && jwt.ValidTo > issuer.TimeProvider.GetUtcNow().UtcDateTime
            && jwt.TryGetPayloadValue<string>("type", out var type) && type == "user"
            ? jwt
            : null;
    }

    private static HashSet<string> Held(JsonWebToken subject)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in new[] { "permissions", "scopes", "scope" })
        {
            if (!subject.TryGetPayloadValue<JsonElement>(name, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                held.UnionWith(value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                held.UnionWith(value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!));
            }
        }

        return held;
    }

    private static IResult Error(string code, int status) =>
        Results.Json(new Dictionary<string, string> { ["error"] = code }, statusCode: status);
}
