using S2SAuth.Profiles;

namespace S2SAuth.AspNetCore.Tests.Profiles;

/// <summary>Entra ID's v1/v2 issuers of one tenant, and which discovery documents belong to an authority.</summary>
public sealed class EntraIssuerTests
{
    private const string Tenant = ProviderTokens.EntraTenant;

    [Fact]
    public void V2_issuer_accepts_its_v1_sibling_of_the_same_tenant_and_the_reverse()
    {
        Assert.Equal([$"https://login.microsoftonline.com/{Tenant}/v2.0", $"https://sts.windows.net/{Tenant}/"], EntraIssuers.Accepted($"https://login.microsoftonline.com/{Tenant}/v2.0"));
        Assert.Equal([$"https://sts.windows.net/{Tenant}/", $"https://login.microsoftonline.com/{Tenant}/v2.0"], EntraIssuers.Accepted($"https://sts.windows.net/{Tenant}/"));
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0")]
    [InlineData("https://login.microsoftonline.us/3c1f2a9e-5b7d-4e6f-8a0b-1c2d3e4f5a6b/v2.0")]
    public void Issuer_without_a_tenant_guid_or_of_another_cloud_accepts_only_itself(string issuer) =>
        Assert.Equal([issuer], EntraIssuers.Accepted(issuer));

    [Theory]
    [InlineData("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0", true)]
    [InlineData("https://login.microsoftonline.com/" + Tenant + "/v2.0", true)]
    [InlineData("https://login.microsoftonline.com/" + Tenant, true)]
    [InlineData("https://login.microsoftonline.com/0f0f0f0f-0000-4000-8000-000000000000/v2.0", false)]
    [InlineData("https://evil.example/" + Tenant + "/v2.0", false)]
    public void Discovery_issuer_fits_an_authority_naming_its_tenant_by_guid_or_domain(string authority, bool fits)
    {
        Assert.Equal(fits, EntraIssuers.IssuerFitsAuthority($"https://login.microsoftonline.com/{Tenant}/v2.0", authority));
        Assert.Equal(fits, EntraIssuers.IssuerFitsAuthority($"https://sts.windows.net/{Tenant}/", authority));
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/common/v2.0", false)]
    [InlineData("https://login.microsoftonline.com/Organizations/v2.0", false)]
    [InlineData("https://login.microsoftonline.com/consumers", false)]
    [InlineData("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0", true)]
    [InlineData("https://login.microsoftonline.com/" + Tenant + "/v2.0", true)]
    public void Only_a_single_tenant_authority_is_accepted(string authority, bool single) =>
        Assert.Equal(single, EntraIssuers.NamesOneTenant(authority));
}
