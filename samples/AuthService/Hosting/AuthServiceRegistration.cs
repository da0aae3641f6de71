using System.Security.Cryptography;
using AuthService.Accounts;
using AuthService.Configuration;
using AuthService.Data;
using AuthService.DevTokens;
using AuthService.Issuance;
using AuthService.Logging;
using AuthService.Revocation;
using AuthService.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthService.Hosting;

/// <summary>The issuer's registrations: the SQLite store, OpenIddict's server and our few event handlers.</summary>
public static class AuthServiceRegistration
{
    public static WebApplicationBuilder AddAuthService(this WebApplicationBuilder builder)
    {
        DevelopmentOnlyGuard.Check(builder.Configuration, builder.Environment);
        var section = builder.Configuration.GetSection(AuthServiceSettings.SectionName);
        var settings = section.Get<AuthServiceSettings>() ?? new AuthServiceSettings();
        var services = builder.Services;
        services.Configure<AuthServiceSettings>(section);
        services.Configure<DevUserTokenSettings>(builder.Configuration.GetSection(DevUserTokenSettings.SectionName));
        services.TryAddSingleton(TimeProvider.System);

        var exchange = TokenExchangePolicy.Read(builder.Configuration); // fails start-up on a bad policy
        services.AddSingleton(exchange);

        var scopeNames = (builder.Configuration.GetSection(ScopeSettings.SectionName).Get<List<ScopeSettings>>() ?? []).Select(s => s.Name);
        var database = ResolveDatabase(settings.Database, builder.Environment.ContentRootPath);
        services.AddDbContext<AuthDbContext>(o => o.UseSqlite(database).UseOpenIddict());

        var development = builder.Environment.IsDevelopment();
        services.AddOpenIddict()
            .AddCore(o =>
            {
                o.UseEntityFrameworkCore().UseDbContext<AuthDbContext>();
                o.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication, ServiceAccountApplicationManager>(); // RFC 8705 registrations
            })
            .AddServer(o =>
            {
                o.SetTokenEndpointUris("connect/token")
                    .SetIntrospectionEndpointUris("connect/introspect")
                    .SetRevocationEndpointUris("connect/revoke");
                o.AllowClientCredentialsFlow();
                if (exchange.Enabled)
                {
                    ConfigureTokenExchange(o, exchange);
                }
                o.RegisterScopes([.. scopeNames]); // advertised in discovery; their audiences live in the scope store
                o.SetAccessTokenLifetime(settings.AccessTokenLifetime);
                if (settings.Issuer is not null)
                {
                    o.SetIssuer(settings.Issuer);
                }

                // Demo keys, new at every start: a production issuer loads persisted, rotated keys
                // (AddSigningCertificate/AddSigningKey) so tokens survive restarts and all instances agree.
                // OpenIddict insists on an encryption key even though no token we issue is encrypted: a random
                // AES key costs nothing, where a second ephemeral RSA key costs a key generation at every start.
                o.AddEphemeralSigningKey();
                o.AddEncryptionKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)));

                // Resource servers verify our access tokens themselves against the JWKS: plain JWS, not JWE.
                o.DisableAccessTokenEncryption();

                MutualTls.Configure(o, settings.MutualTls, builder.Environment.ContentRootPath);

                o.AddEventHandler(CheckServiceAccount.Descriptor);
                o.AddEventHandler(IssueServiceToken.Descriptor);
                o.AddEventHandler(PublishRevokedToken.Descriptor);

                // Plain HTTP (the demo and the tests on http://127.0.0.1) only in the Development environment; in any
                // other, OpenIddict answers a non-HTTPS request with 400 invalid_request, so run it behind TLS.
                var aspNetCore = o.UseAspNetCore();
                if (development)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });

        MutualTls.AskForClientCertificates(builder, settings.MutualTls);
        services.AddSingleton<ILogger<OpenIddictServerDispatcher>, OpenIddictDispatcherLogger>(); // never log a created token
        services.AddScoped<ServiceAccountStore>();
        services.AddScoped<ScopeSeeder>();
        services.AddHostedService<SeedOnStart>();
        services.AddSingleton<DevUserTokenIssuer>();
        AddRevocationPublishing(builder);
        return builder;
    }

    /// <summary>
    /// RFC 8693 as OpenIddict implements it, narrowed to what the sample supports: subject tokens of type access token
    /// only (ours, <c>typ at+jwt</c>), no actor tokens (the authenticated client is the actor: OpenIddict then refuses
    /// <c>actor_token_type</c> with <c>invalid_request</c>), only access tokens issued. The policy's audiences are
    /// registered, so OpenIddict refuses any other with <c>invalid_target</c>; <see cref="CheckTokenExchange"/> decides the rest.
    /// </summary>
    private static void ConfigureTokenExchange(OpenIddictServerBuilder o, TokenExchangePolicy exchange)
    {
        o.AllowTokenExchangeFlow();
        o.RegisterAudiences([.. exchange.Audiences]);
        o.RegisterResources([.. exchange.Audiences.Where(IsResourceUri).Select(a => new Uri(a, UriKind.Absolute))]);
        o.Configure(options =>
        {
            options.SubjectTokenTypes.Clear();
            options.SubjectTokenTypes.Add(TokenTypeIdentifiers.AccessToken);
            options.ActorTokenTypes.Clear();
        });
        o.AddEventHandler(CheckTokenExchange.Descriptor);
        o.AddEventHandler(IssueExchangedToken.Descriptor);
        o.AddEventHandler(ClampExchangedTokenExpiry.Descriptor);
        o.AddEventHandler(LogTokenExchange.Descriptor);
    }

    /// <summary>An audience that is an absolute URI may also be asked for with RFC 8707's <c>resource</c> parameter.</summary>
    internal static bool IsResourceUri(string audience) =>
        Uri.TryCreate(audience, UriKind.Absolute, out var uri) && !uri.IsFile && string.IsNullOrEmpty(uri.Fragment);

    /// <summary>
    /// Where revocations go: Redis when <c>ServiceAuth:Revocation:Redis:Configuration</c> is set; else an
    /// <see cref="S2SAuth.IRevocationService"/> the host registered (the demo's in-process <c>InMemoryRevocationStore</c>);
    /// else nowhere (logged at start).
    /// </summary>
    private static void AddRevocationPublishing(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (builder.Configuration[S2SAuth.RedisRevocationOptions.SectionName + ":Configuration"] is { Length: > 0 })
        {
            services.AddRedisRevocationPublisher();
        }
        else if (services.Any(static d => d.ServiceType == typeof(S2SAuth.InMemoryRevocationStore)) && !services.Any(static d => d.ServiceType == typeof(S2SAuth.IRevocationService)))
        {
            services.AddSingleton<S2SAuth.IRevocationService>(static sp => sp.GetRequiredService<S2SAuth.InMemoryRevocationStore>());
        }

        services.AddSingleton<IssuerName>();
        services.AddSingleton<RevocationPublisher>();
    }

    public static WebApplication MapAuthService(this WebApplication app)
    {
        app.UseAuthentication(); // OpenIddict's server answers its endpoints from the authentication middleware
        app.MapGet("/health", () => "ok");
        app.MapDevUserTokens();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceAddress(app));
        return app;
    }

    /// <summary>Logs the listening address and, when <c>AuthService:UrlFile</c> is set, writes it there (atomically).</summary>
    private static void AnnounceAddress(WebApplication app)
    {
        var listening = AuthServiceInstance.ListeningAddress(app);
        app.Services.GetRequiredService<IssuerName>().Listening(listening);
        if (!app.Services.GetRequiredService<RevocationPublisher>().Enabled)
        {
            Log.NoRevocationStore(app.Logger);
        }

        var address = listening.AbsoluteUri.TrimEnd('/');
        Log.Listening(app.Logger, address);
        if (app.Services.GetRequiredService<IOptions<AuthServiceSettings>>().Value.UrlFile is { Length: > 0 } file)
        {
            var temporary = file + ".tmp";
            File.WriteAllText(temporary, address);
            File.Move(temporary, file, overwrite: true);
        }
    }

    /// <summary>A connection string whose relative <c>Data Source</c> is resolved under the content root.</summary>
    private static string ResolveDatabase(string database, string contentRoot)
    {
        var connection = new SqliteConnectionStringBuilder(database);
        if (connection.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal) && !Path.IsPathRooted(file))
        {
            connection.DataSource = Path.Combine(contentRoot, file);
        }

        return connection.ToString();
    }
}
