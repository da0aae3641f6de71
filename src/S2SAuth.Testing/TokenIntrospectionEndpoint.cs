using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Testing;

/// <summary>
/// The issuer's RFC 7662 introspection endpoint: the caller authenticates as a registered client (basic or post);
/// a token is active when its signature verifies with a published key, its <c>iss</c> is this issuer, it has not
/// expired and was not deactivated. An active answer echoes <c>iss</c>, <c>sub</c>, <c>aud</c>, <c>exp</c>, <c>iat</c>,
/// <c>jti</c>, <c>client_id</c> and <c>scope</c>.
/// </summary>
internal static class TokenIntrospectionEndpoint
{
    private static readonly string[] Echoed = ["iss", "sub", "aud", "exp", "iat", "nbf", "jti", "client_id", "scope"];

    public static async Task<IResult> HandleAsync(TestIssuer issuer, HttpContext context, ConcurrentDictionary<string, TestClient> clients)
    {
        if (!context.Request.HasFormContentType)
        {
            return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_request" }, statusCode: 400);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var (clientId, secret, _) = ClientCredentialsEndpoint.ReadClientCredentials(context.Request, form);
        if (clientId is null || secret is null || !clients.TryGetValue(clientId, out var client) || client.Disabled
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(client.Secret)))
        {
            return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_client" }, statusCode: 401);
        }

        var token = form["token"].ToString();
        if (issuer.IntrospectionResponder?.Invoke(token) is { } custom)
        {
            return Results.Json(custom);
        }

        if (issuer.ReferencedToken(token) is { } jwt)
        {
            // A reference token: answered like the JWT it stands for, with all of its claims.
            return Results.Json(issuer.IsDeactivated(token) ? new JsonObject { ["active"] = false } : Answer(issuer, jwt, echoAll: true));
        }

        return Results.Json(Answer(issuer, token));
    }

    private static JsonObject Answer(TestIssuer issuer, string token, bool echoAll = false)
    {
        var inactive = new JsonObject { ["active"] = false };
        if (issuer.IsDeactivated(token) || Payload(issuer, token) is not { } payload)
        {
            return inactive;
        }

        if (payload["iss"]?.GetValueKind() != JsonValueKind.String || payload["iss"]!.GetValue<string>() != issuer.Issuer
            || payload["exp"]?.GetValueKind() != JsonValueKind.Number || payload["exp"]!.GetValue<long>() <= issuer.TimeProvider.GetUtcNow().ToUnixTimeSeconds())
        {
            return inactive;
        }

        var answer = new JsonObject { ["active"] = true, ["token_type"] = "Bearer" };
        foreach (var name in echoAll ? payload.Select(p => p.Key).ToArray() : Echoed)
        {
            if (payload[name] is { } value)
            {
                answer[name] = value.DeepClone();
            }
        }

        return answer;
    }

    /// <summary>The payload of a compact JWS signed by a key this issuer publishes, or <see langword="null"/>.</summary>
    private static JsonObject? Payload(TestIssuer issuer, string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var header = JsonNode.Parse(Base64UrlEncoder.DecodeBytes(parts[0])) as JsonObject;
            var kid = header?["kid"]?.GetValue<string>();
            var alg = header?["alg"]?.GetValue<string>();
            if (kid is null || alg is null || issuer.PublishedKey(kid) is not { } key || key.Algorithm != alg)
            {
                return null;
            }

            var provider = CryptoProviderFactory.Default.CreateForVerifying(key.SecurityKey, alg);
            try
            {
                if (!provider.Verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlEncoder.DecodeBytes(parts[2])))
                {
                    return null;
                }
            }
            finally
            {
                CryptoProviderFactory.Default.ReleaseSignatureProvider(provider);
            }

            return JsonNode.Parse(Base64UrlEncoder.DecodeBytes(parts[1])) as JsonObject;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or ArgumentException or CryptographicException)
        {
            return null;
        }
    }
}
