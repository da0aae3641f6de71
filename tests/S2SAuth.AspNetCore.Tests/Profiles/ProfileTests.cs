using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Profiles;

/// <summary>
/// Every <see cref="IdentityProviderProfile"/>, both ways: the provider's service token and user token are each accepted
/// as their own kind, with the service id, user id, tenant, scopes, permissions and roles the profile reads; each is
/// refused as the other kind; a token that fits neither rule is refused as either, never guessed.
/// </summary>
public sealed class ProfileTests : IClassFixture<IssuerFixture>
{
    private readonly TestIssuer _issuer;

    public ProfileTests(IssuerFixture fixture) => _issuer = fixture.Issuer;

    public static TheoryData<string> Providers() => [.. ProviderTokens.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Service_token_and_user_token_are_each_accepted_as_their_own_kind_with_what_the_profile_reads(string name)
    {
        var provider = Of(name);
        await using var api = await StartAsync(provider);

        var response = await api.GetAsync("/profile", Token(provider, provider.Service), Token(provider, provider.User));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {body}");
        var seen = JsonDocument.Parse(body).RootElement;
        Assert.Equal(provider.ServiceId, seen.GetProperty("service").GetString());
        Assert.Equal(provider.Scopes.Order(), Jwt.Strings(seen.GetProperty("scopes")));
        Assert.Equal(provider.UserId, seen.GetProperty("user").GetString());
        Assert.Equal(provider.Tenant, seen.GetProperty("tenant").GetString());
        Assert.Equal(provider.Permissions.Order(), Jwt.Strings(seen.GetProperty("permissions")));
        Assert.Equal(provider.Roles.Order(), Jwt.Strings(seen.GetProperty("roles")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Service_token_sent_as_the_user_is_refused_with_token_type_invalid(string name)
    {
        var provider = Of(name);
        await using var api = await StartAsync(provider);

        var response = await api.GetAsync("/profile", Token(provider, provider.Service), Token(provider, provider.Service));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task User_token_sent_as_the_service_is_refused_with_token_type_invalid(string name)
    {
        var provider = Of(name);
        await using var api = await StartAsync(provider);

        var response = await api.GetAsync("/profile", Token(provider, provider.User), Token(provider, provider.User));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Token_fitting_neither_rule_is_refused_as_either_kind_with_token_type_unrecognized(string name)
    {
        var provider = Of(name);
        await using var api = await StartAsync(provider);
        var neither = Token(provider, provider.Neither);

        var asService = await api.GetAsync("/profile", neither, Token(provider, provider.User));
        var asUser = await api.GetAsync("/profile", Token(provider, provider.Service), neither);

        await ProblemAssert.IsProblemAsync(asService, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeUnrecognized);
        await ProblemAssert.IsProblemAsync(asUser, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeUnrecognized);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Provider_tokens_are_refused_under_the_default_profile_unless_S2SAuth_or_RFC_9068_shaped(string name)
    {
        var provider = Of(name);
        await using var api = await StartAsync(provider, profile: IdentityProviderProfile.S2SAuth);

        var response = await api.GetAsync("/profile", Token(provider, provider.Service), Token(provider, provider.User));

        // The default recognition takes sub == client_id for a service (RFC 9068 §2.2), so RFC 9068 tokens pass too.
        var understood = provider.Profile is IdentityProviderProfile.S2SAuth or IdentityProviderProfile.Rfc9068;
        Assert.Equal(understood ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
    }

    internal static ProviderTokens Of(string name) => ProviderTokens.All.Single(p => p.Name == name);

    private Task<TestApi> StartAsync(ProviderTokens provider, IdentityProviderProfile? profile = null) => StartAsync(_issuer, provider, profile);

    /// <summary>An API with the provider's profile (or <paramref name="profile"/>) and <c>GET /profile</c> showing what it read.</summary>
    internal static Task<TestApi> StartAsync(TestIssuer issuer, ProviderTokens provider, IdentityProviderProfile? profile = null, Action<ServiceAuthOptions>? configure = null) =>
        TestApi.StartAsync(
            issuer,
            o =>
            {
                o.Profile = profile ?? provider.Profile;
                o.Issuer = provider.Issuer;
                provider.Configure?.Invoke(o);
                configure?.Invoke(o);
            },
            endpoints: app => app.MapGet("/profile", (ServiceAuthContext auth) => Results.Json(new
            {
                service = auth.Service?.ServiceId,
                scopes = auth.Service?.Scopes.Order().ToArray(),
                user = auth.User?.UserId,
                tenant = auth.User?.TenantId,
                permissions = auth.User?.Permissions.Order().ToArray(),
                roles = auth.User?.Roles.Order().ToArray(),
            })));

    private string Token(ProviderTokens provider, Dictionary<string, object?> claims) => Token(_issuer, provider, claims);

    /// <summary>A token of the test issuer's key with the provider's claims, header <c>typ</c> and lifetime.</summary>
    internal static string Token(TestIssuer issuer, ProviderTokens provider, Dictionary<string, object?> claims)
    {
        var builder = issuer.Token().Header("typ", provider.Typ).ExpiresIn(provider.Lifetime, issuer.TimeProvider);
        if (provider.Issuer is not null)
        {
            builder.Claim("iss", provider.Issuer);
        }

        foreach (var (name, value) in claims)
        {
            if (value is null)
            {
                builder.Without(name);
            }
            else
            {
                builder.Claim(name, value);
            }
        }

        return builder.Build();
    }
}
