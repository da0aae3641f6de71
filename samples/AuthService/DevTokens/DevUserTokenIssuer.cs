using System.Security.Cryptography;
using AuthService.Configuration;
using AuthService.Issuance;
using AuthService.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace AuthService.DevTokens;

/// <summary>
/// DEVELOPMENT ONLY. Mints user tokens for the configured demo users with <see cref="JsonWebTokenHandler"/> and
/// OpenIddict's own signing credentials, so they carry the same <c>iss</c> and <c>kid</c> and verify against the
/// same JWKS as the service tokens. Not an OAuth grant on purpose: nothing of it appears in the token endpoint or
/// in discovery, and it is not mapped at all unless switched on.
/// </summary>
internal sealed class DevUserTokenIssuer
{
    private readonly IOptionsMonitor<OpenIddictServerOptions> _server;
    private readonly DevUserTokenSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, DevUserSettings> _users;
    private readonly HashSet<string> _knownAudiences;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public DevUserTokenIssuer(IOptionsMonitor<OpenIddictServerOptions> server, IOptions<DevUserTokenSettings> settings, IConfiguration configuration, TimeProvider time, ILogger<DevUserTokenIssuer> logger)
    {
        _server = server;
        _settings = settings.Value;
        _time = time;
        _logger = logger;
        _users = _settings.Users.Where(u => u.Id.Length > 0).ToDictionary(u => u.Id, StringComparer.Ordinal);
        var scopes = configuration.GetSection(ScopeSettings.SectionName).Get<List<ScopeSettings>>() ?? [];
        _knownAudiences = [.. _settings.Audiences, .. scopes.SelectMany(s => s.Audiences)];
    }

    /// <summary>Issues a token, or returns the reason it cannot (unknown user, unknown audience).</summary>
    public (DevUserTokenResponse? Token, string? Error) Issue(DevUserTokenRequest request, Uri issuer)
    {
        if (request.UserId is null || !_users.TryGetValue(request.UserId, out var user))
        {
            return (null, $"'{request.UserId}' is not a configured demo user.");
        }

        var audiences = request.Audiences is { Count: > 0 } asked ? asked : _settings.Audiences;
        if (audiences.Count == 0)
        {
            return (null, "Name at least one audience.");
        }

        if (audiences.FirstOrDefault(a => !_knownAudiences.Contains(a)) is { } unknown)
        {
            return (null, $"'{unknown}' is not a known audience.");
        }

        var now = _time.GetUtcNow();
        var issuedAt = request.Expired ? now - (2 * _settings.Lifetime) : now;
        var expires = issuedAt + _settings.Lifetime;
        var tokenId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = user.Id,
            [JwtRegisteredClaimNames.Jti] = tokenId,
            [JwtRegisteredClaimNames.Aud] = audiences.ToArray(),
            [ServiceClaims.Type] = ServiceClaims.UserType,
            [ServiceClaims.Permissions] = user.Permissions.ToArray(),
            [ServiceClaims.Roles] = user.Roles.ToArray(),
        };
        if (user.TenantId is { Length: > 0 } tenant)
        {
            claims[ServiceClaims.TenantId] = tenant;
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.AbsoluteUri,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            // RFC 9068's access-token type, as OpenIddict's own access tokens: OpenIddict accepts a subject token of type
            // access_token only with typ at+jwt (a "JWT" is read as an identity token and refused, ID2008).
            TokenType = "at+jwt",
            SigningCredentials = SigningCredentials(),
        });
        Log.DevUserTokenIssued(_logger, tokenId, user.Id, user.TenantId, string.Join(' ', audiences));
        return (new DevUserTokenResponse(token, (long)(expires - now).TotalSeconds), null);
    }

    /// <summary>The issuer's <c>iss</c>: the configured one, else derived from the request as OpenIddict does.</summary>
    public Uri IssuerFor(HttpRequest request) =>
        _server.CurrentValue.Issuer ?? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}", UriKind.Absolute);

    // OpenIddict keeps its signing credentials sorted, the preferred (current) one first.
    private SigningCredentials SigningCredentials() =>
        _server.CurrentValue.SigningCredentials.First(c => c.Key is AsymmetricSecurityKey);
}
