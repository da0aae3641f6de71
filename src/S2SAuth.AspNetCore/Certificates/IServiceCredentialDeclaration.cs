namespace S2SAuth.Certificates;

/// <summary>Endpoint metadata naming which credential may prove the calling service.</summary>
internal interface IServiceCredentialDeclaration
{
    ServiceCredentialPolicy Policy { get; }
}
