using AuthService.Configuration;
using OpenIddict.Abstractions;

namespace AuthService.Seeding;

/// <summary>Makes OpenIddict's scope entries match the <c>Scopes</c> section: name → resources (the token's <c>aud</c>).</summary>
internal sealed class ScopeSeeder(IOpenIddictScopeManager scopes)
{
    public async ValueTask SyncAsync(IReadOnlyList<ScopeSettings> configured, CancellationToken cancellationToken)
    {
        var names = configured.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var stale = new List<object>();
        await foreach (var scope in scopes.ListAsync(count: null, offset: null, cancellationToken))
        {
            if (!names.Contains(await scopes.GetNameAsync(scope, cancellationToken) ?? ""))
            {
                stale.Add(scope);
            }
        }

        foreach (var scope in stale)
        {
            await scopes.DeleteAsync(scope, cancellationToken);
        }

        foreach (var settings in configured)
        {
            var descriptor = new OpenIddictScopeDescriptor { Name = settings.Name, DisplayName = settings.Name };
            descriptor.Resources.UnionWith(settings.Audiences);
            var existing = await scopes.FindByNameAsync(settings.Name, cancellationToken);
            if (existing is null)
            {
                await scopes.CreateAsync(descriptor, cancellationToken);
            }
            else
            {
                await scopes.UpdateAsync(existing, descriptor, cancellationToken);
            }
        }
    }
}
