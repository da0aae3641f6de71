using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Signing;

/// <summary>
/// Checks each signing client's <see cref="RequestSigningOptions"/> at start-up, and loads its key once, so a missing
/// file, a key of another type than the algorithm or a malformed secret stops the start. Each message names the
/// configuration key and the client; none holds key material, a secret or a file's content.
/// </summary>
internal sealed class RequestSigningOptionsValidator(RequestSigningRegistry registry) : IValidateOptions<RequestSigningOptions>
{
    private const string S = RequestSigningKeys.Section;
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);
    private const int MaxBodyLimit = 64 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, RequestSigningOptions options)
    {
        if (name is null || !registry.Clients.Contains(name))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        var because = $"(HttpClient '{name}' uses AddRequestSigning)";
        if (string.IsNullOrWhiteSpace(options.KeyId))
        {
            errors.Add($"{RequestSigningKeys.KeyId} is required {because}: the keyid the receiver looks this service's key up by.");
        }
        else if (!SignatureParameters.IsPrintable(options.KeyId) || options.KeyId.Length > 256)
        {
            errors.Add($"{RequestSigningKeys.KeyId} must be printable ASCII of at most 256 characters {because}.");
        }

        var algorithm = options.Algorithm;
        if (!SigningComponents.IsKnownAlgorithm(algorithm))
        {
            errors.Add(string.IsNullOrWhiteSpace(algorithm)
                ? $"{RequestSigningKeys.Algorithm} is required {because}: ed25519, ecdsa-p256-sha256, hmac-sha256 or rsa-pss-sha512."
                : $"{RequestSigningKeys.Algorithm} must be ed25519, ecdsa-p256-sha256, hmac-sha256 or rsa-pss-sha512 {because}.");
        }

        var hasSecret = !string.IsNullOrEmpty(options.Secret);
        var hasFile = !string.IsNullOrWhiteSpace(options.PrivateKeyPath);
        if (algorithm == SignatureAlgorithms.HmacSha256)
        {
            if (!hasSecret)
            {
                errors.Add($"{RequestSigningKeys.Secret} is required with {RequestSigningKeys.Algorithm}=hmac-sha256 {because}: the shared secret, base64; supply it from a secret store or the ServiceAuth__RequestSigning__Secret environment variable.");
            }

            if (hasFile)
            {
                errors.Add($"{RequestSigningKeys.PrivateKeyPath} must not be set with {RequestSigningKeys.Algorithm}=hmac-sha256 {because}: the key is {RequestSigningKeys.Secret}.");
            }
        }
        else if (SigningComponents.IsKnownAlgorithm(algorithm))
        {
            if (!hasFile)
            {
                errors.Add($"{RequestSigningKeys.PrivateKeyPath} is required with {RequestSigningKeys.Algorithm}={algorithm} {because}: the PEM file holding the private key.");
            }

            if (hasSecret)
            {
                errors.Add($"{RequestSigningKeys.Secret} must not be set with {RequestSigningKeys.Algorithm}={algorithm} {because}: it is for hmac-sha256 only.");
            }
        }

        if (errors.Count == 0)
        {
            CheckKey(errors, options, because);
        }

        if (options.Lifetime <= TimeSpan.Zero || options.Lifetime > MaxLifetime)
        {
            errors.Add($"{S}:Lifetime must be more than zero and at most 1 hour {because}.");
        }

        if (!SigningComponents.IsValidLabel(options.Label))
        {
            errors.Add($"{S}:Label must be a lowercase structured-field key (a-z first, then a-z 0-9 _ - . *; at most 64) {because}.");
        }

        if (options.DigestAlgorithm is not (ContentDigest.Sha256 or ContentDigest.Sha512))
        {
            errors.Add($"{S}:DigestAlgorithm must be sha-256 or sha-512 {because}.");
        }

        if (options.MaxBodyBytes <= 0 || options.MaxBodyBytes > MaxBodyLimit)
        {
            errors.Add($"{S}:MaxBodyBytes must be between 1 and {MaxBodyLimit} {because}.");
        }

        if (options.KeyReloadInterval <= TimeSpan.Zero)
        {
            errors.Add($"{S}:KeyReloadInterval must be more than zero {because}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in options.Components)
        {
            if (SigningComponents.Problem(component ?? string.Empty) is { } problem)
            {
                errors.Add($"{S}:Components: '{component}' {problem} {because}.");
            }
            else if (!seen.Add(component!))
            {
                errors.Add($"{S}:Components lists '{component}' twice {because}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckKey(List<string> errors, RequestSigningOptions options, string because)
    {
        SignatureKey? key;
        string? error;
        if (options.Algorithm == SignatureAlgorithms.HmacSha256)
        {
            (key, error) = SigningKeyFiles.FromSecret(options.KeyId!, options.Secret!);
        }
        else
        {
            var (bytes, readError) = SigningKeyFiles.Read(options.PrivateKeyPath!);
            (key, error) = bytes is null ? (null, readError) : SigningKeyFiles.FromPem(options.KeyId!, options.Algorithm!, bytes);
            if (bytes is not null)
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }

        if (key is null)
        {
            errors.Add(RequestSigningKeys.Describe(error!, options.Algorithm) + " " + because);
        }

        key?.Dispose();
    }
}
