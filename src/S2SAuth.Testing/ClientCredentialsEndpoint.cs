using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace S2SAuth.Testing;

/// <summary>The issuer's RFC 6749 §4.4 token endpoint (client_secret_basic and client_secret_post); token exchange goes on to <see cref="TokenExchangeEndpoint"/>.</summary>
internal static class ClientCredentialsEndpoint
{
    private const string BasicMethod = "client_secret_basic";
    private const string PostMethod = "client_secret_post";

    public static async Task<IResult> HandleAsync(TestIssuer issuer, HttpContext context, ConcurrentDictionary<string, TestClient> clients)
    {
        if (!context.Request.HasFormContentType)
        {
            return Error("invalid_request", 400);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var (clientId, secret, method) = ReadClientCredentials(context.Request, form);
        if (form["grant_type"] == TokenExchangeEndpoint.GrantType)
        {
            issuer.RecordTokenRequest(new TokenRequestInfo(clientId, method, form["scope"].ToString(),
                [.. form["audience"].Where(a => !string.IsNullOrEmpty(a)).Select(a => a!)],
                [.. form["resource"].Where(a => !string.IsNullOrEmpty(a)).Select(a => a!)]));
            return await TokenExchangeEndpoint.HandleAsync(issuer, form, clientId, secret, clients).ConfigureAwait(false);
        }

        if (form["grant_type"] != "client_credentials")
        {
            return Error("unsupported_grant_type", 400);
        }

        issuer.RecordTokenRequest(new TokenRequestInfo(clientId, method, form["scope"].ToString(),
            [.. form["audience"].Where(a => !string.IsNullOrEmpty(a)).Select(a => a!)],
            [.. form["resource"].Where(a => !string.IsNullOrEmpty(a)).Select(a => a!)]));
        if (clientId is null || secret is null || !clients.TryGetValue(clientId, out var client) || client.Disabled
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(client.Secret)))
        {
            return Error("invalid_client", 401);
        }

        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requested.Any(s => !client.AllowedScopes.Contains(s)))
        {
            return Error("invalid_scope", 400);
        }

        var scopes = requested.Length == 0 ? client.AllowedScopes.ToArray() : requested;
        var audiences = form["audience"].Concat(form["resource"]).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).ToArray();
        var token = issuer.Token().Claim("sub", client.ClientId).Claim("client_id", client.ClientId)
            .Claim("scopes", scopes).Claim("scope", string.Join(' ', scopes));
        if (issuer.ServiceTokenType is { } type)
        {
            token.Claim("type", type);
        }

        if (audiences.Length > 0)
        {
            token.Audience(audiences);
        }

        var lifetime = client.TokenLifetime ?? issuer.TokenLifetime;
        token.ExpiresIn(lifetime, issuer.TimeProvider);

        if (client.TenantId is not null)
        {
            token.Claim("tenant_id", client.TenantId);
        }

        var accessToken = token.Build();
        issuer.IssuedTokens.Enqueue(accessToken);
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)lifetime.TotalSeconds,
            ["scope"] = string.Join(' ', scopes),
        });
    }

    internal static (string? Id, string? Secret, string Method) ReadClientCredentials(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is not null)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0
                    ? (null, null, BasicMethod)
                    : (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]), BasicMethod);
            }
            catch (FormatException)
            {
                return (null, null, BasicMethod);
            }
        }

        return (form["client_id"].ToString() is { Length: > 0 } id ? id : null, form["client_secret"].ToString() is { Length: > 0 } s ? s : null, PostMethod);
    }

    private static IResult Error(string code, int status) =>
        Results.Json(new Dictionary<string, string> { ["error"] = code }, statusCode: status);
}
