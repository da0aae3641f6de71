using AuthService.Configuration;
using AuthService.Logging;
using Microsoft.Extensions.Options;

namespace AuthService.DevTokens;

/// <summary>
/// DEVELOPMENT ONLY: <c>POST /dev/user-tokens</c> {"userId": "alice", "audiences": [...], "expired": false}.
/// Mapped only when <c>DevUserTokens:Enabled=true</c> in the Development environment; absent (404) otherwise.
/// Switched on in another environment, the issuer does not start at all (<see cref="Hosting.DevelopmentOnlyGuard"/>).
/// </summary>
internal static class DevUserTokenEndpoint
{
    public const string Path = "/dev/user-tokens";

    public static WebApplication MapDevUserTokens(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<DevUserTokenSettings>>().Value;
        if (!settings.Enabled || !app.Environment.IsDevelopment())
        {
            return app;
        }

        Log.DevUserTokensEnabled(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AuthService.DevTokens"));
        app.MapPost(Path, (DevUserTokenRequest request, HttpRequest http, DevUserTokenIssuer issuer) =>
        {
            var (token, error) = issuer.Issue(request, issuer.IssuerFor(http));
            return token is not null
                ? Results.Ok(token)
                : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No user token", detail: error);
        });
        return app;
    }
}
