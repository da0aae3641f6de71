using System.Collections.Frozen;
using System.Net;
using S2SAuth.Certificates;

namespace S2SAuth.ForwardedCertificates;

/// <summary>
/// The configured trusted proxies (<c>ServiceAuth:Certificates:Forwarded</c>): their networks (single addresses or
/// CIDR, IPv4 and IPv6; IPv4-mapped IPv6 addresses count as IPv4) and their SPIFFE IDs.
/// </summary>
internal sealed class TrustedProxies
{
    private readonly IPNetwork[] _networks;
    private readonly FrozenSet<string> _ids;

    public TrustedProxies(ForwardedCertificateOptions options)
    {
        // Invalid entries are refused at start-up (ForwardedCertificateOptionsValidator); here they just trust nobody.
        _networks = options.TrustedProxies.Select(p => TryParseNetwork(p, out var n) ? n : (IPNetwork?)null)
            .OfType<IPNetwork>().ToArray();
        _ids = options.TrustedProxyIds.Where(id => SpiffeId.TryParse(id, out _)).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Whether any proxy is trusted by its SPIFFE ID (then an Envoy element's <c>By</c> must name one).</summary>
    public bool HasIds => _ids.Count > 0;

    /// <summary>Whether <paramref name="address"/> (a connection's remote address) is in a trusted network.</summary>
    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        address = Normalise(address);
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="spiffeId"/> is a trusted proxy's ID (exact, case-sensitive).</summary>
    public bool IsTrustedId(string? spiffeId) => spiffeId is not null && _ids.Contains(spiffeId);

    /// <summary>
    /// Parses an address (<c>127.0.0.6</c>, <c>::1</c>) or a CIDR network (<c>10.0.0.0/8</c>, <c>fd00::/8</c>; no host
    /// bits set) into a network; an IPv4-mapped IPv6 entry becomes the IPv4 one. A /0 network (everyone) is refused.
    /// </summary>
    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        text = text?.Trim();
        var slash = text?.IndexOf('/') ?? -1;
        var addressText = slash < 0 ? text : text![..slash];
        if (string.IsNullOrEmpty(addressText) || addressText.Contains('%') || !IsFullAddress(addressText))
        {
            return false;
        }

        if (slash < 0)
        {
            if (!IPAddress.TryParse(addressText, out var address))
            {
                return false;
            }

            address = Normalise(address);
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        // A network's base address must have no host bits set (10.0.0.1/8 is a typo for an address or for 10.0.0.0/8).
        if (!IPNetwork.TryParse(text, out var parsed) || parsed.PrefixLength == 0
            || !IPAddress.TryParse(addressText, out var written) || !written.Equals(parsed.BaseAddress))
        {
            return false;
        }

        if (parsed.BaseAddress.IsIPv4MappedToIPv6)
        {
            if (parsed.PrefixLength < 96)
            {
                return false;
            }

            parsed = new IPNetwork(parsed.BaseAddress.MapToIPv4(), parsed.PrefixLength - 96);
            if (parsed.PrefixLength == 0)
            {
                return false;
            }
        }

        network = parsed;
        return true;
    }

    /// <summary>IPv6 (has a colon) or a dotted quad: <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also takes '10' or '10.1' as IPv4.</summary>
    private static bool IsFullAddress(string text) => text.Contains(':') || text.Count(c => c == '.') == 3;

    private static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
