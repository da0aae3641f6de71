using System.Security.Claims;

namespace S2SAuth.Authentication;

/// <summary>
/// The claims mirror of one verified token, cached with it and shared by every request that carries the token. Its
/// claims cannot be changed: adding or removing one throws, so that no request can leak claims into another. An
/// application that enriches the user (e.g. in an <c>IClaimsTransformation</c>) adds its own <see cref="ClaimsIdentity"/>
/// to the request's principal, which is never shared, or works on a <see cref="ClaimsIdentity.Clone"/>.
/// </summary>
internal sealed class SharedClaimsIdentity : ClaimsIdentity
{
    private const string ReadOnlyMessage = "S2SAuth's identities are shared by all requests carrying the same token and cannot be changed: add your own ClaimsIdentity to the principal, or Clone() this one.";
    private bool _sealed;

    public SharedClaimsIdentity(string authenticationType)
        : base(authenticationType, ServiceAuthDefaults.SubjectClaim, ServiceAuthDefaults.RoleClaim)
    {
    }

    /// <summary>Adds a claim while the identity is being built (the claim's subject is this identity, so it is not copied).</summary>
    public void Add(string type, string value) => base.AddClaim(new Claim(type, value, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, this));

    /// <summary>Ends building: from now on the claims cannot change.</summary>
    public SharedClaimsIdentity Seal()
    {
        _sealed = true;
        return this;
    }

    public override void AddClaim(Claim claim)
    {
        ThrowIfSealed();
        base.AddClaim(claim);
    }

    public override void AddClaims(IEnumerable<Claim?> claims)
    {
        ThrowIfSealed();
        base.AddClaims(claims);
    }

    public override void RemoveClaim(Claim? claim)
    {
        ThrowIfSealed();
        base.RemoveClaim(claim);
    }

    public override bool TryRemoveClaim(Claim? claim) => !_sealed && base.TryRemoveClaim(claim);

    /// <summary>A plain, changeable copy.</summary>
    public override ClaimsIdentity Clone() => new(this);

    private void ThrowIfSealed()
    {
        if (_sealed)
        {
            throw new InvalidOperationException(ReadOnlyMessage);
        }
    }
}
