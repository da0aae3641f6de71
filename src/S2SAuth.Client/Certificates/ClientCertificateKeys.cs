namespace S2SAuth.Client.Certificates;

/// <summary>The configuration keys of <see cref="ClientCertificateOptions"/> and what each load failure means, for messages and logs.</summary>
internal static class ClientCertificateKeys
{
    public const string Section = ServiceTokenClientOptions.SectionName + ":ClientCertificate";
    public const string CertificatePath = Section + ":CertificatePath";
    public const string KeyPath = Section + ":KeyPath";
    public const string ReloadInterval = Section + ":ReloadInterval";

    /// <summary>The key whose file a failure is about.</summary>
    public static string KeyFor(string error) => error.StartsWith("private_key", StringComparison.Ordinal) ? KeyPath : CertificatePath;

    /// <summary>A start-up message naming the key: never the path's content.</summary>
    public static string Describe(string error) => error switch
    {
        "file_not_found" => $"{CertificatePath} (or {KeyPath}) names a file that does not exist.",
        "file_unreadable" => $"{CertificatePath} (or {KeyPath}) names a file this process cannot read.",
        "certificate_invalid" => $"{CertificatePath} holds no readable PEM CERTIFICATE.",
        "certificate_expired" => $"{CertificatePath} holds an expired certificate.",
        "private_key_missing" => $"{KeyPath} holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY); without {KeyPath} the key is read from {CertificatePath}.",
        "private_key_encrypted" => $"{KeyPath} holds an encrypted private key; S2SAuth reads unencrypted keys only, as cert-manager and spiffe-helper write them.",
        "private_key_mismatch" => $"{KeyPath} holds a private key that cannot be read or does not belong to the certificate in {CertificatePath}.",
        _ => $"{CertificatePath} cannot be loaded ({error}).",
    };
}
