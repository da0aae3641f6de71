using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace S2SAuth.Certificates;

/// <summary>
/// Turns the name a workload credential carries (a SPIFFE ID, from an X.509-SVID, a mesh header or a JWT-SVID; or a
/// DNS SAN) into a service id by the configured rules, and gives credentials without scopes theirs
/// (<c>ServiceAuth:ServiceScopes</c>). One mapper for every credential, so they cannot drift apart.
/// </summary>
internal sealed class ServiceIdMapper
{
    private const string ServicePlaceholder = "{service}";

    private readonly FrozenSet<string> _trustDomains;
    private readonly FrozenDictionary<string, string> _spiffeIds;
    private readonly string[]? _template;
    private readonly FrozenDictionary<string, string> _dnsNames;
    private readonly FrozenDictionary<string, FrozenSet<string>> _scopes;

    public ServiceIdMapper(IOptions<ServiceAuthOptions> options)
    {
        var o = options.Value;
        _trustDomains = o.Spiffe.TrustDomains.ToFrozenSet(StringComparer.Ordinal);
        _spiffeIds = o.Spiffe.ServiceIds.ToFrozenDictionary(StringComparer.Ordinal);
        _template = o.Spiffe.PathTemplate is { Length: > 0 } template ? template.TrimStart('/').Split('/') : null;
        _dnsNames = o.Certificates.DnsNames.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _scopes = o.ServiceScopes.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>Whether a template is well formed: segments separated by '/', exactly one <c>{service}</c>.</summary>
    public static bool IsValidTemplate(string template)
    {
        var segments = template.TrimStart('/').Split('/');
        return segments.Count(s => s == ServicePlaceholder) == 1 && segments.All(s => s.Length > 0);
    }

    /// <summary>The service id of a SPIFFE ID, or the refusal (invalid ID, trust domain not allowed, template not matched).</summary>
    public IdentityMapping MapSpiffeId(string? text)
    {
        if (!SpiffeId.TryParse(text, out var id))
        {
            return IdentityMapping.Fail(AuthErrorCodes.CertificateIdentityInvalid, "The credential's SPIFFE ID is not a valid SPIFFE ID.");
        }

        if (!_trustDomains.Contains(id.TrustDomain))
        {
            return IdentityMapping.Fail(AuthErrorCodes.CertificateIdentityNotAllowed, "The credential's SPIFFE trust domain is not allowed.");
        }

        if (_spiffeIds.TryGetValue(id.Value, out var mapped))
        {
            return IdentityMapping.Ok(mapped);
        }

        if (_template is null)
        {
            return IdentityMapping.Ok(id.Value);
        }

        return MatchTemplate(id.Segments()) is { } service
            ? IdentityMapping.Ok(service)
            : IdentityMapping.Fail(AuthErrorCodes.CertificateIdentityNotAllowed, "The credential's SPIFFE ID does not match the configured path template.");
    }

    /// <summary>The service id of the first DNS name that is mapped, or the refusal.</summary>
    public IdentityMapping MapDnsNames(IReadOnlyList<string> dnsNames)
    {
        if (dnsNames.Count == 0)
        {
            return IdentityMapping.Fail(AuthErrorCodes.CertificateIdentityInvalid, "The certificate has no DNS name.");
        }

        foreach (var name in dnsNames)
        {
            if (_dnsNames.TryGetValue(name, out var service))
            {
                return IdentityMapping.Ok(service);
            }
        }

        return IdentityMapping.Fail(AuthErrorCodes.CertificateIdentityNotAllowed, "No DNS name of the certificate is mapped to a service.");
    }

    /// <summary>The identity of a service proved by a credential without scopes: scopes from <c>ServiceAuth:ServiceScopes</c>, no tenant.</summary>
    public ServiceIdentity CreateIdentity(string serviceId, ServiceCredentialKind credential, DateTimeOffset expiresAt, string tokenId = "") =>
        new(serviceId, _scopes.TryGetValue(serviceId, out var scopes) ? scopes : FrozenSet<string>.Empty, null, tokenId, expiresAt, credential);

    private string? MatchTemplate(string[] segments)
    {
        var template = _template!;
        if (segments.Length != template.Length)
        {
            return null;
        }

        string? service = null;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == ServicePlaceholder)
            {
                service = segments[i];
            }
            else if (template[i] != "*" && !string.Equals(template[i], segments[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return service;
    }
}

/// <summary>A mapped service id, or why there is none (an error code and a safe detail).</summary>
internal readonly record struct IdentityMapping(string? ServiceId, string? Code, string? Detail)
{
    public bool Succeeded => ServiceId is not null;

    public static IdentityMapping Ok(string serviceId) => new(serviceId, null, null);

    public static IdentityMapping Fail(string code, string detail) => new(null, code, detail);
}
