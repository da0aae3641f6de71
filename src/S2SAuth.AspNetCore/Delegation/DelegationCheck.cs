using Microsoft.Extensions.Options;

namespace S2SAuth.Delegation;

/// <summary>
/// The request rules of <see cref="DelegationOptions"/>, checked once the request's service identity is established
/// (whatever credential proved it): a delegated user token must come from its most recent actor, and, where required,
/// a user token sent by a service must be delegated. Details are S2SAuth's own words, never an actor's or caller's id.
/// </summary>
internal sealed class DelegationCheck
{
    private readonly bool _requireActorIsCaller;
    private readonly bool _requireActor;

    public DelegationCheck(IOptions<ServiceAuthOptions> options)
    {
        var delegation = options.Value.Delegation;
        _requireActorIsCaller = delegation.RequireActorIsCaller;
        _requireActor = delegation.RequireActor;
    }

    /// <summary>The refusal of <paramref name="user"/> sent by <paramref name="service"/> (none when no credential proved a service), or <see langword="null"/>.</summary>
    public (string Code, string Detail)? Check(UserIdentity user, ServiceIdentity? service)
    {
        var actors = user.Actors;
        if (actors.Count == 0)
        {
            return _requireActor && service is not null
                ? (AuthErrorCodes.ActorMissing, "The user token was forwarded: a calling service must exchange it for this service (RFC 8693), and it names no actor ('act').")
                : null;
        }

        if (!_requireActorIsCaller)
        {
            return null;
        }

        if (service is null)
        {
            return (AuthErrorCodes.ActorNotCaller, "The user token was exchanged for a service (it has an 'act' chain), and the request presents no service credential proving that service.");
        }

        // Ids, not secrets: an ordinal comparison. The most recent actor is the service the token was exchanged for.
        return string.Equals(service.ServiceId, actors[0], StringComparison.Ordinal)
            ? null
            : (AuthErrorCodes.ActorNotCaller, "The user token was exchanged for another service than the calling one (its most recent actor is not the caller).");
    }
}
