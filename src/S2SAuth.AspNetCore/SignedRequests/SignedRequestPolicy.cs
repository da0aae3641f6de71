using Microsoft.Extensions.Options;
using S2SAuth.Client.Signatures;

namespace S2SAuth.SignedRequests;

/// <summary>
/// What <c>ServiceAuth:SignedRequests</c> demands of a signature, as the core's verification policies: one for a
/// request without a body, one for a request with a body (which must also cover <c>content-digest</c>).
/// </summary>
internal sealed class SignedRequestPolicy
{
    public const string ContentDigestComponent = "content-digest";

    /// <summary>The components required when none are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultComponents = ["@method", "@authority", "@path", "@query"];

    private static readonly HashSet<string> Derived = new(StringComparer.Ordinal) { "@method", "@authority", "@scheme", "@path", "@query", "@request-target", "@target-uri" };

    public SignedRequestPolicy(IOptions<SignedRequestOptions> options)
    {
        var o = options.Value;
        Options = o;
        var components = (o.RequiredComponents.Count == 0 ? DefaultComponents : (IEnumerable<string>)o.RequiredComponents).Distinct(StringComparer.Ordinal).ToArray();
        WithoutBody = Create(o, components);
        WithBody = o.RequireContentDigest ? Create(o, components.Append(ContentDigestComponent).Distinct(StringComparer.Ordinal).ToArray()) : WithoutBody;
        ReplayWindow = o.MaxAge + o.ClockSkew;
    }

    public SignedRequestOptions Options { get; }

    public SignatureVerificationPolicy WithoutBody { get; }

    public SignatureVerificationPolicy WithBody { get; }

    /// <summary>How long after <c>created</c> a nonce is remembered: as long as the signature could be accepted.</summary>
    public TimeSpan ReplayWindow { get; }

    public static bool IsCoverable(string? component) =>
        component is not null && (Derived.Contains(component)
            || (component.Length > 0 && component != "@signature-params" && component.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || "!#$%&'*+-.^_`|~".Contains(c))));

    /// <summary>An RFC 8941 key: lcalpha or "*" first, then lcalpha, digits, "_", "-", ".", "*".</summary>
    public static bool IsLabel(string label) =>
        label.Length is > 0 and <= 64 && (char.IsAsciiLetterLower(label[0]) || label[0] == '*')
        && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '.' or '*');

    private static SignatureVerificationPolicy Create(SignedRequestOptions o, IReadOnlyCollection<string> components) => new()
    {
        RequiredComponents = components,
        Label = o.Label,
        ClockSkew = o.ClockSkew,
        MaxAge = o.MaxAge,
        RequireCreated = true,
        RequireExpires = o.RequireExpires,
        RequireNonce = o.RequireNonce,
        MaxSignatures = 4,
    };
}
