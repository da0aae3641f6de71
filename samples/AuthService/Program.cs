using AuthService.Hosting;

// The demo's OAuth2 issuer: OpenIddict on SQLite. Everything else is in Hosting/, Issuance/ and DevTokens/.
var app = AuthServiceHost.Build(args);
await app.RunAsync();
