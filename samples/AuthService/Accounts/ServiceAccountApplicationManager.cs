using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthService.Accounts;

/// <summary>
/// OpenIddict's application manager with RFC 8705 client registrations:
/// <list type="bullet">
/// <item><c>tls_client_auth</c>: OpenIddict 7.9 accepts a CA-issued certificate only when it matches the host of one of the
/// client's redirect URIs (which service accounts do not have); here the chain is built with OpenIddict's policy (the
/// configured CAs as custom root trust, client-auth EKU) and the certificate must carry the account's registered DNS or URI SAN;</item>
/// <item><c>self_signed_tls_client_auth</c>: OpenIddict 7.9 trusts the certificates of the client's JSON Web Key Set, but only
/// RSA ones come out of it as certificates (an EC key with <c>x5c</c> becomes a bare EC key); here the account's registered
/// self-signed certificate is trusted whatever its key type.</item>
/// </list>
/// </summary>
internal sealed class ServiceAccountApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    public override async ValueTask<X509ChainPolicy?> GetSelfSignedTlsClientAuthenticationPolicyAsync(
        OpenIddictEntityFrameworkCoreApplication application, X509ChainPolicy policy, CancellationToken cancellationToken = default)
    {
        var derived = await base.GetSelfSignedTlsClientAuthenticationPolicyAsync(application, policy, cancellationToken);
        if (derived is not null && await ReadAsync(application, CertificateRegistration.SelfSignedProperty, cancellationToken) is { } pem
            && CertificateRegistration.ParseSelfSigned(pem) is { } registered)
        {
            derived.CustomTrustStore.Add(registered);
        }

        return derived;
    }

    public override async ValueTask<bool> ValidatePublicKeyInfrastructureTlsClientCertificateAsync(
        OpenIddictEntityFrameworkCoreApplication application, X509Certificate2 certificate, X509ChainPolicy policy, CancellationToken cancellationToken = default)
    {
        var dns = await ReadAsync(application, CertificateRegistration.SanDnsProperty, cancellationToken);
        var uri = await ReadAsync(application, CertificateRegistration.SanUriProperty, cancellationToken);
        if (dns is null && uri is null)
        {
            return false;
        }

        using var chain = new X509Chain { ChainPolicy = policy };
        try
        {
            return chain.Build(certificate) && chain.ChainElements.Count > 1 && CertificateRegistration.Matches(certificate, dns, uri);
        }
        catch (CryptographicException)
        {
            return false;
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                if (!ReferenceEquals(element.Certificate, certificate))
                {
                    element.Certificate.Dispose();
                }
            }
        }
    }

    private async ValueTask<string?> ReadAsync(OpenIddictEntityFrameworkCoreApplication application, string property, CancellationToken cancellationToken)
    {
        var properties = await GetPropertiesAsync(application, cancellationToken);
        return properties.TryGetValue(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
    }
}
