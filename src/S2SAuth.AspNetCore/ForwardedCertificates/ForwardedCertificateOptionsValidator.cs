using Microsoft.Extensions.Options;
using S2SAuth.Certificates;

namespace S2SAuth.ForwardedCertificates;

/// <summary>Checks <c>ServiceAuth:Certificates:Forwarded</c> at start-up; each message names the key and says what to do.</summary>
internal sealed class ForwardedCertificateOptionsValidator : IValidateOptions<ServiceAuthOptions>
{
    private const string Section = "ServiceAuth:Certificates:Forwarded";

    public ValidateOptionsResult Validate(string? name, ServiceAuthOptions options)
    {
        var forwarded = options.Certificates.Forwarded;
        var errors = new List<string>();
        if (!Enum.IsDefined(forwarded.Header))
        {
            errors.Add($"{Section}:Header must be None, EnvoyXfcc or ClientCert (it is {(int)forwarded.Header}).");
        }

        for (var i = 0; i < forwarded.TrustedProxies.Count; i++)
        {
            var entry = forwarded.TrustedProxies[i];
            if (!TrustedProxies.TryParseNetwork(entry, out _))
            {
                errors.Add($"{Section}:TrustedProxies:{i} ('{entry}') is not an IP address or a CIDR network: write an address (127.0.0.6, ::1) or a network with no host bits set (10.0.0.0/8, fd00::/8); a /0 network, which would trust everyone, is refused.");
            }
        }

        for (var i = 0; i < forwarded.TrustedProxyIds.Count; i++)
        {
            var entry = forwarded.TrustedProxyIds[i];
            if (!SpiffeId.TryParse(entry, out _))
            {
                errors.Add($"{Section}:TrustedProxyIds:{i} ('{entry}') is not a valid SPIFFE ID (spiffe://trust-domain/path, e.g. spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account).");
            }
        }

        if (forwarded.Header != ForwardedCertificateHeader.None && forwarded.TrustedProxies.Count == 0 && forwarded.TrustedProxyIds.Count == 0)
        {
            errors.Add($"{Section}:Header is {forwarded.Header} but neither {Section}:TrustedProxies nor {Section}:TrustedProxyIds is set: the header would be ignored from every source, which is a configuration mistake. Name the sidecar's or gateway's address (127.0.0.6 for an Istio sidecar) or its SPIFFE ID, or set Header to None.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
