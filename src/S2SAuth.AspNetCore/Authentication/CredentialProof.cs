namespace S2SAuth.Authentication;

/// <summary>What a <see cref="IServiceCredentialReader"/> found: the identity a credential proves (and the tenant it binds, if any), or a refusal with its stable code.</summary>
internal readonly record struct CredentialProof
{
    private CredentialProof(ServiceIdentity? identity, TenantContext? tenant, string? code, string? detail, string? claim)
    {
        Identity = identity;
        Tenant = tenant;
        Code = code;
        Detail = detail;
        Claim = claim;
    }

    /// <summary>The proven service, or <see langword="null"/> when refused.</summary>
    public ServiceIdentity? Identity { get; }

    /// <summary>The tenant the credential binds (source <see cref="TenantSource.Credential"/>), or <see langword="null"/>.</summary>
    public TenantContext? Tenant { get; }

    /// <summary>The refusal's code (an <see cref="AuthErrorCodes"/> value); its status follows from it.</summary>
    public string? Code { get; }

    /// <summary>The refusal's safe detail: S2SAuth's own words, never credential material.</summary>
    public string? Detail { get; }

    /// <summary>The header or parameter at fault, never its value.</summary>
    public string? Claim { get; }

    public static CredentialProof Proved(ServiceIdentity identity, string? tenantId = null) =>
        new(identity, tenantId is null ? null : new TenantContext(tenantId, TenantSource.Credential), null, null, null);

    public static CredentialProof Refused(string code, string detail, string? claim = null) => new(null, null, code, detail, claim);
}
