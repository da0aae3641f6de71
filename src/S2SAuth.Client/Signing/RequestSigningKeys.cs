namespace S2SAuth.Client.Signing;

/// <summary>The configuration keys of <see cref="RequestSigningOptions"/> and what each key load failure means, for messages and logs.</summary>
internal static class RequestSigningKeys
{
    public const string Section = RequestSigningOptions.SectionName;
    public const string KeyId = Section + ":KeyId";
    public const string Algorithm = Section + ":Algorithm";
    public const string PrivateKeyPath = Section + ":PrivateKeyPath";
    public const string Secret = Section + ":Secret";

    /// <summary>The key a failure is about.</summary>
    public static string KeyFor(string error) => error.StartsWith("secret", StringComparison.Ordinal) ? Secret : PrivateKeyPath;

    /// <summary>A message naming the key and what is wrong: never the path's content or the secret.</summary>
    public static string Describe(string error, string? algorithm) => error switch
    {
        "file_not_found" => $"{PrivateKeyPath} names a file that does not exist.",
        "file_unreadable" => $"{PrivateKeyPath} names a file this process cannot read.",
        "key_missing" => $"{PrivateKeyPath} holds no PEM private key (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY).",
        "key_encrypted" => $"{PrivateKeyPath} holds an encrypted private key; S2SAuth reads unencrypted PKCS#8 keys only (openssl genpkey writes them so).",
        "key_unreadable" => $"{PrivateKeyPath} holds a private key that cannot be read.",
        "key_not_p256" => $"{PrivateKeyPath} holds an EC key on another curve than P-256, which {algorithm} needs.",
        "key_too_small" => $"{PrivateKeyPath} holds an RSA key smaller than 2048 bits.",
        "key_is_ed25519" => $"{PrivateKeyPath} holds an Ed25519 key, which does not fit {Algorithm}={algorithm} (use ed25519).",
        "key_is_ec" => $"{PrivateKeyPath} holds an EC key, which does not fit {Algorithm}={algorithm} (use ecdsa-p256-sha256).",
        "key_is_rsa" => $"{PrivateKeyPath} holds an RSA key, which does not fit {Algorithm}={algorithm} (use rsa-pss-sha512).",
        "key_is_other" => $"{PrivateKeyPath} holds a key of a type S2SAuth does not sign with (ed25519, EC P-256 or RSA only).",
        "secret_not_base64" => $"{Secret} is not valid base64.",
        "secret_too_short" => $"{Secret} is shorter than {SigningKeyFiles.MinSecretBytes} bytes once decoded; hmac-sha256 needs at least 256 bits (openssl rand -base64 32).",
        _ => $"{PrivateKeyPath} cannot be loaded ({error}).",
    };
}
