using System.Security.Cryptography.X509Certificates;
using AuthService.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace AuthService.Hosting;

/// <summary>
/// RFC 8705 with OpenIddict 7.9: <c>tls_client_auth</c> (<c>EnablePublicKeyInfrastructureTlsClientAuthentication</c> with
/// the configured CA bundle), <c>self_signed_tls_client_auth</c> (<c>EnableSelfSignedTlsClientAuthentication</c>), access
/// tokens bound to the certificate of the token request (<c>UseClientCertificateBoundAccessTokens</c>: <c>cnf.x5t#S256</c>),
/// the optional <c>mtls_endpoint_aliases</c>; and Kestrel asking every HTTPS client for a certificate.
/// </summary>
internal static class MutualTls
{
    public static void Configure(OpenIddictServerBuilder server, MutualTlsSettings settings, string contentRoot)
    {
        if (!settings.Enabled)
        {
            return;
        }

        if (!string.IsNullOrWhiteSpace(settings.TrustedCaPath))
        {
            // Revocation is not checked at the token endpoint (no fetch on the request path); disable the account instead.
            server.EnablePublicKeyInfrastructureTlsClientAuthentication(LoadBundle(settings.TrustedCaPath, contentRoot),
                static policy => policy.RevocationMode = X509RevocationMode.NoCheck);
        }

        if (settings.SelfSigned)
        {
            server.EnableSelfSignedTlsClientAuthentication();
        }

        server.UseClientCertificateBoundAccessTokens();
        if (settings.TokenEndpointAlias is { } alias)
        {
            server.SetMtlsTokenEndpointAliasUri(alias);
        }
    }

    /// <summary>
    /// Every HTTPS listener requests a client certificate and lets the handshake through whatever is presented (or
    /// nothing): Kestrel's default check against the machine store would refuse the internal CA and self-signed
    /// certificates before OpenIddict could match them to a client. Only OpenIddict's endpoints read the certificate.
    /// </summary>
    public static void AskForClientCertificates(WebApplicationBuilder builder, MutualTlsSettings settings)
    {
        if (settings.Enabled)
        {
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https =>
            {
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
            }));
        }
    }

    private static X509Certificate2Collection LoadBundle(string path, string contentRoot)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path);
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"{MutualTlsSettings.SectionName}:TrustedCaPath cannot be read as a PEM bundle of CA certificates ({e.GetType().Name}).");
        }

        if (bundle.Count == 0)
        {
            throw new InvalidOperationException($"{MutualTlsSettings.SectionName}:TrustedCaPath holds no PEM CERTIFICATE.");
        }

        return bundle;
    }
}
