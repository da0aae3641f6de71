using Microsoft.EntityFrameworkCore;

namespace AuthService.Data;

/// <summary>The store: OpenIddict's applications, authorizations, scopes and tokens (added by <c>UseOpenIddict()</c>).</summary>
public sealed class AuthDbContext(DbContextOptions<AuthDbContext> options) : DbContext(options);
