using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.CertificateRevocation;
using S2SAuth.Testing;
using static S2SAuth.AspNetCore.Tests.CertificateRevocation.CrlTestData;

namespace S2SAuth.AspNetCore.Tests.CertificateRevocation;

/// <summary>
/// <see cref="CertificateRevocationLists.Check"/>: which list applies to which certificate of a chain, revoked leaves and
/// intermediates, lists of other CAs or keys, never-loaded and stale lists (fail closed), and the version.
/// </summary>
public sealed class CertificateRevocationCheckTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxStaleness = TimeSpan.FromHours(2);

    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("Check CA", new FakeTimeProvider(Now));
    private readonly X509Certificate2 _leaf;
    private readonly X509Certificate2 _other;

    public CertificateRevocationCheckTests()
    {
        _leaf = _ca.Issue("orders");
        _other = _ca.Issue("billing");
    }

    [Fact]
    public void A_revoked_leaf_is_refused_with_certificate_revoked()
    {
        var lists = Lists(1);
        _ca.Revoke(_leaf);
        Offer(lists, 0, _ca.CreateRevocationList());

        var refusal = lists.Check([_leaf, _ca.Certificate], Now);

        Assert.Equal(AuthErrorCodes.CertificateRevoked, refusal?.Code);
        Assert.Null(lists.Check([_other, _ca.Certificate], Now));
    }

    [Fact]
    public void A_certificate_not_on_the_list_passes()
    {
        var lists = Lists(1);
        _ca.Revoke(_other);
        Offer(lists, 0, _ca.CreateRevocationList());

        Assert.Null(lists.Check([_leaf, _ca.Certificate], Now));
    }

    [Fact]
    public void A_revoked_intermediate_refuses_the_leaves_under_it()
    {
        var lists = Lists(1);
        using var intermediate = _ca.Issue("Issuing CA", s => s.IsCertificateAuthority = true);
        using var leaf = IssueUnder(intermediate, "orders");
        Offer(lists, 0, _ca.CreateRevocationList());
        Assert.Null(lists.Check([leaf, intermediate, _ca.Certificate], Now));

        _ca.Revoke(intermediate);
        Offer(lists, 0, _ca.CreateRevocationList());

        var refusal = lists.Check([leaf, intermediate, _ca.Certificate], Now);
        Assert.Equal(AuthErrorCodes.CertificateRevoked, refusal?.Code);
        Assert.Contains("CA certificate", refusal!.Detail);
    }

    [Fact]
    public void The_root_itself_is_not_checked()
    {
        var lists = Lists(1);
        Offer(lists, 0, _ca.CreateRevocationList());

        Assert.Null(lists.Check([_ca.Certificate], Now));
    }

    [Fact]
    public void A_list_of_another_CA_is_not_applied()
    {
        using var otherCa = TestCertificateAuthority.Create("Other CA", new FakeTimeProvider(Now));
        var lists = Lists(1);
        otherCa.Revoke(_leaf); // its serial number, on a list of another CA
        Offer(lists, 0, otherCa.CreateRevocationList());

        Assert.Null(lists.Check([_leaf, _ca.Certificate], Now));
    }

    [Fact]
    public void A_list_of_the_same_name_signed_by_another_key_is_not_applied_and_leaves_the_status_unknown()
    {
        using var twin = TestCertificateAuthority.Create("Check CA", new FakeTimeProvider(Now));
        var lists = Lists(1);
        twin.Revoke(_leaf);
        Offer(lists, 0, twin.CreateRevocationList());

        var refusal = lists.Check([_leaf, _ca.Certificate], Now);

        Assert.Equal(AuthErrorCodes.CertificateRevocationUnavailable, refusal?.Code);
    }

    [Fact]
    public void A_list_with_an_altered_signature_is_not_applied()
    {
        var lists = Lists(1);
        _ca.Revoke(_leaf);
        var data = _ca.CreateRevocationList();
        data[^1] ^= 0x01;
        Offer(lists, 0, data);

        Assert.Equal(AuthErrorCodes.CertificateRevocationUnavailable, lists.Check([_leaf, _ca.Certificate], Now)?.Code);
    }

    [Fact]
    public void The_genuine_list_applies_next_to_a_forged_one_of_the_same_name()
    {
        using var twin = TestCertificateAuthority.Create("Check CA", new FakeTimeProvider(Now));
        var lists = Lists(2);
        twin.Revoke(_other);
        _ca.Revoke(_leaf);
        Offer(lists, 0, twin.CreateRevocationList());
        Offer(lists, 1, _ca.CreateRevocationList());

        Assert.Equal(AuthErrorCodes.CertificateRevoked, lists.Check([_leaf, _ca.Certificate], Now)?.Code);
        Assert.Null(lists.Check([_other, _ca.Certificate], Now));
    }

    [Fact]
    public void A_source_never_loaded_makes_every_check_unavailable()
    {
        using var otherCa = TestCertificateAuthority.Create("Other CA", new FakeTimeProvider(Now));
        var lists = Lists(2);
        Offer(lists, 0, otherCa.CreateRevocationList());

        var refusal = lists.Check([_leaf, _ca.Certificate], Now);

        Assert.Equal(AuthErrorCodes.CertificateRevocationUnavailable, refusal?.Code);
        Assert.Contains("not been loaded", refusal!.Detail);

        Offer(lists, 1, _ca.CreateRevocationList());
        Assert.Null(lists.Check([_leaf, _ca.Certificate], Now));
    }

    [Fact]
    public void A_revocation_wins_over_an_unloaded_source()
    {
        var lists = Lists(2);
        _ca.Revoke(_leaf);
        Offer(lists, 0, _ca.CreateRevocationList());

        Assert.Equal(AuthErrorCodes.CertificateRevoked, lists.Check([_leaf, _ca.Certificate], Now)?.Code);
    }

    [Fact]
    public void A_list_past_nextUpdate_is_applied_within_the_allowed_staleness_and_refused_beyond()
    {
        var lists = Lists(1);
        _ca.Revoke(_leaf);
        Offer(lists, 0, _ca.CreateRevocationList(TimeSpan.FromHours(1)));
        var nextUpdate = Now.AddHours(1);

        Assert.Null(lists.Check([_other, _ca.Certificate], nextUpdate + MaxStaleness));
        Assert.Equal(AuthErrorCodes.CertificateRevoked, lists.Check([_leaf, _ca.Certificate], nextUpdate + MaxStaleness)?.Code);

        var late = nextUpdate + MaxStaleness + TimeSpan.FromSeconds(1);
        var refusal = lists.Check([_other, _ca.Certificate], late);
        Assert.Equal(AuthErrorCodes.CertificateRevocationUnavailable, refusal?.Code);
        Assert.Contains("out of date", refusal!.Detail);
        Assert.Equal(AuthErrorCodes.CertificateRevoked, lists.Check([_leaf, _ca.Certificate], late)?.Code);
    }

    [Fact]
    public void A_stale_list_of_another_CA_does_not_refuse_this_CA()
    {
        using var otherCa = TestCertificateAuthority.Create("Other CA", new FakeTimeProvider(Now));
        var lists = Lists(2);
        Offer(lists, 0, otherCa.CreateRevocationList(TimeSpan.FromMinutes(1)));
        Offer(lists, 1, _ca.CreateRevocationList(TimeSpan.FromDays(7)));

        Assert.Null(lists.Check([_leaf, _ca.Certificate], Now.AddDays(1)));
    }

    [Fact]
    public void Version_changes_when_a_list_is_loaded_or_goes_stale_and_only_then()
    {
        var lists = Lists(1);
        var v0 = lists.Version;
        var first = _ca.CreateRevocationList(TimeSpan.FromHours(1));

        Assert.Equal(RevocationListOffer.Loaded, lists.Offer(0, Read(first)));
        var v1 = lists.Version;
        Assert.NotEqual(v0, v1);

        Assert.Equal(RevocationListOffer.Unchanged, lists.Offer(0, Read(first)));
        Assert.False(lists.UpdateStaleness(Now));
        Assert.Equal(v1, lists.Version);

        Assert.True(lists.UpdateStaleness(Now.AddHours(1) + MaxStaleness + TimeSpan.FromSeconds(1)));
        Assert.NotEqual(v1, lists.Version);
    }

    [Fact]
    public void An_older_list_does_not_replace_a_newer_one()
    {
        var lists = Lists(1);
        var older = _ca.CreateRevocationList();
        _ca.Revoke(_leaf);
        var newer = _ca.CreateRevocationList();
        Offer(lists, 0, newer);
        var version = lists.Version;

        Assert.Equal(RevocationListOffer.Older, lists.Offer(0, Read(older)));

        Assert.Equal(version, lists.Version);
        Assert.Equal(AuthErrorCodes.CertificateRevoked, lists.Check([_leaf, _ca.Certificate], Now)?.Code);
    }

    [Fact]
    public void Without_configured_lists_nothing_is_checked()
    {
        var lists = Lists(0);

        Assert.Null(lists.Check([_leaf, _ca.Certificate], Now));
    }

    [Fact]
    public void An_RSA_CA_list_applies_to_its_certificates()
    {
        using var rsaCa = RsaAuthority("RSA CA");
        using var leaf = IssueUnder(rsaCa, "orders");
        using var kept = IssueUnder(rsaCa, "billing");
        var lists = Lists(1);
        Offer(lists, 0, ListOf(rsaCa, 1, Now, Now.AddDays(1), HashAlgorithmName.SHA256, RSASignaturePadding.Pss, leaf));

        Assert.Equal(AuthErrorCodes.CertificateRevoked, lists.Check([leaf, rsaCa], Now)?.Code);
        Assert.Null(lists.Check([kept, rsaCa], Now));
    }

    public void Dispose()
    {
        _leaf.Dispose();
        _other.Dispose();
        _ca.Dispose();
    }

    private static CertificateRevocationLists Lists(int sources)
    {
        var options = new ServiceAuthOptions();
        for (var i = 0; i < sources; i++)
        {
            options.Certificates.RevocationLists.Add($"/var/lib/crl/{i}.crl");
        }

        options.Certificates.RevocationListMaxStaleness = MaxStaleness;
        return new CertificateRevocationLists(Options.Create(options));
    }

    private static void Offer(CertificateRevocationLists lists, int source, byte[] data) =>
        Assert.Equal(RevocationListOffer.Loaded, lists.Offer(source, Read(data)));
}
