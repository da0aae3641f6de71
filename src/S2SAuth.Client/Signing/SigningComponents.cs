using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Signing;

/// <summary>The covered components a client signs (<see cref="RequestSigningOptions.Components"/>): the default set and the rules a configured list must follow.</summary>
internal static class SigningComponents
{
    public const string ContentDigest = "content-digest";

    public static readonly IReadOnlyList<string> Default = ["@method", "@authority", "@path", "@query"];

    private static readonly HashSet<string> Derived = new(StringComparer.Ordinal)
    {
        "@method", "@authority", "@scheme", "@path", "@query", "@request-target", "@target-uri",
    };

    /// <summary>The configured list, or the default when it is empty.</summary>
    public static IReadOnlyList<string> Of(RequestSigningOptions options) => options.Components.Count == 0 ? Default : [.. options.Components];

    /// <summary>Why a configured component cannot be used, or <see langword="null"/>.</summary>
    public static string? Problem(string component) => component switch
    {
        ContentDigest => "is added by itself whenever the request has content; remove it",
        "signature" or "signature-input" => "cannot be covered by the signature it carries",
        "@status" => "is a response component",
        _ when component.StartsWith('@') => Derived.Contains(component) ? null : "is not a derived component S2SAuth signs (@method, @authority, @scheme, @path, @query, @request-target, @target-uri)",
        _ when component.Length == 0 || !component.All(IsTokenChar) => "is not a lowercase header field name",
        _ => null,
    };

    /// <summary>Lowercase RFC 9110 token characters, as RFC 9421 §2.1 names header components.</summary>
    private static bool IsTokenChar(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);

    /// <summary>An RFC 8941 dictionary key (the label): <c>lcalpha / "*"</c> then <c>lcalpha / DIGIT / "_" / "-" / "." / "*"</c>.</summary>
    public static bool IsValidLabel(string? label) =>
        !string.IsNullOrEmpty(label) && label.Length <= 64
        && (char.IsAsciiLetterLower(label[0]) || label[0] == '*')
        && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '.' or '*');

    public static bool IsKnownAlgorithm(string? algorithm) =>
        algorithm is SignatureAlgorithms.Ed25519 or SignatureAlgorithms.EcdsaP256Sha256 or SignatureAlgorithms.HmacSha256 or SignatureAlgorithms.RsaPssSha512;
}
