namespace S2SAuth.Authentication;

/// <summary>What makes a <see cref="ServiceCredentialPolicy"/> value usable: at least one credential, and only known ones.</summary>
internal static class ServiceCredentialPolicies
{
    private const ServiceCredentialPolicy All = ServiceCredentialPolicy.Token | ServiceCredentialPolicy.Certificate
        | ServiceCredentialPolicy.BoundToken | ServiceCredentialPolicy.SignedRequest | ServiceCredentialPolicy.ApiKey;

    public static bool IsValid(ServiceCredentialPolicy policy) => policy != 0 && (policy & ~All) == 0;
}
