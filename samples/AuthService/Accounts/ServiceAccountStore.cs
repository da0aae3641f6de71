using System.Security.Cryptography;
using System.Text.Json;
using AuthService.Configuration;
using AuthService.Hosting;
using AuthService.Revocation;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthService.Accounts;

/// <summary>
/// Service accounts kept as OpenIddict applications. OpenIddict hashes the secret (PBKDF2) inside
/// <see cref="IOpenIddictApplicationManager"/>; the two things it has no field for, the status and the tenant,
/// are kept in the application's <c>Properties</c>, as is its RFC 8705 certificate registration (<see cref="CertificateRegistration"/>).
/// </summary>
public sealed class ServiceAccountStore(IOpenIddictApplicationManager applications, RevocationPublisher revocations, TokenExchangePolicy exchange)
{
    internal const string StatusProperty = "s2s_status";
    internal const string TenantProperty = "s2s_tenant_id";
    private const string Active = "active";
    private const string DisabledStatus = "disabled";

    public async ValueTask<ServiceAccount?> FindAsync(string clientId, CancellationToken cancellationToken = default)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        return new ServiceAccount(
            clientId,
            properties.TryGetValue(TenantProperty, out var tenant) && tenant.ValueKind == JsonValueKind.String ? tenant.GetString() : null,
            // Anything but an explicit "active" counts as disabled: fail closed.
            !(properties.TryGetValue(StatusProperty, out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == Active));
    }

    /// <summary>Creates the account or brings it in line with <paramref name="settings"/> (secret, scopes, tenant, status).</summary>
    public async ValueTask SaveAsync(ServiceAccountSettings settings, CancellationToken cancellationToken = default)
    {
        var application = await applications.FindByClientIdAsync(settings.Id, cancellationToken);
        var descriptor = new OpenIddictApplicationDescriptor();
        if (application is not null)
        {
            await applications.PopulateAsync(descriptor, application, cancellationToken);
        }

        descriptor.ClientId = settings.Id;
        // Plain here; the manager stores only its hash. OpenIddict refuses a confidential application with neither a secret
        // nor a key set, so a certificate-only account gets a random secret that nobody ever sees: only its certificate works.
        descriptor.ClientSecret = settings.Secret is { Length: > 0 } secret ? secret : Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        descriptor.ClientType = ClientTypes.Confidential;
        descriptor.DisplayName = settings.Id;
        descriptor.Permissions.Clear();
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Token,
            Permissions.Endpoints.Introspection,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.ClientCredentials,
            .. settings.Scopes.Select(scope => Permissions.Prefixes.Scope + scope),
        ]);
        if (exchange.For(settings.Id) is { } policy)
        {
            // Only the clients the TokenExchange policy names get the grant, each with its audiences (and, for an
            // absolute-URI audience, the same as an RFC 8707 resource): OpenIddict's own permission checks agree with the policy.
            descriptor.Permissions.Add(Permissions.GrantTypes.TokenExchange);
            descriptor.Permissions.UnionWith(policy.Audiences.Select(audience => Permissions.Prefixes.Audience + audience));
            descriptor.Permissions.UnionWith(policy.Audiences.Where(AuthServiceRegistration.IsResourceUri).Select(audience => Permissions.Prefixes.Resource + audience));
        }
        descriptor.Properties[StatusProperty] = JsonSerializer.SerializeToElement(settings.Disabled ? DisabledStatus : Active);
        if (string.IsNullOrEmpty(settings.TenantId))
        {
            descriptor.Properties.Remove(TenantProperty);
        }
        else
        {
            descriptor.Properties[TenantProperty] = JsonSerializer.SerializeToElement(settings.TenantId);
        }

        SetOrRemove(descriptor, CertificateRegistration.SanDnsProperty, settings.TlsClientAuthSanDns);
        SetOrRemove(descriptor, CertificateRegistration.SanUriProperty, settings.TlsClientAuthSanUri);
        SetOrRemove(descriptor, CertificateRegistration.SelfSignedProperty, settings.SelfSignedCertificate);

        if (application is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await applications.UpdateAsync(application, descriptor, cancellationToken);
        }
    }

    private static void SetOrRemove(OpenIddictApplicationDescriptor descriptor, string property, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            descriptor.Properties.Remove(property);
        }
        else
        {
            descriptor.Properties[property] = JsonSerializer.SerializeToElement(value.Trim());
        }
    }

    /// <summary>
    /// Disables or re-enables an account at run time; takes effect on its next token request. Disabling also cuts off
    /// its tokens issued until now at every service (published to the revocation store), so they stop too.
    /// </summary>
    public async ValueTask<bool> SetDisabledAsync(string clientId, bool disabled, CancellationToken cancellationToken = default)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return false;
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        descriptor.Properties[StatusProperty] = JsonSerializer.SerializeToElement(disabled ? DisabledStatus : Active);
        await applications.UpdateAsync(application, descriptor, cancellationToken);
        if (disabled)
        {
            await revocations.AccountDisabledAsync(clientId, cancellationToken);
        }

        return true;
    }

    /// <summary>Deletes every application whose client id is not in <paramref name="keep"/>; returns the deleted ids.</summary>
    public async ValueTask<IReadOnlyList<string>> RemoveAllExceptAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken = default)
    {
        var stale = new List<object>();
        var removed = new List<string>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            var clientId = await applications.GetClientIdAsync(application, cancellationToken);
            if (clientId is null || !keep.Contains(clientId))
            {
                stale.Add(application);
                removed.Add(clientId ?? "(none)");
            }
        }

        foreach (var application in stale)
        {
            await applications.DeleteAsync(application, cancellationToken);
        }

        return removed;
    }
}
