using Microsoft.AspNetCore.Authorization;

namespace S2SAuth.Authorization;

/// <summary>
/// The requirement behind <c>RequireActivity</c>: all S2SAuth checks for one activity. Every activity
/// requirement of a policy is decided together by <see cref="ActivityAuthorizationHandler"/>.
/// </summary>
internal sealed class ActivityRequirement : IAuthorizationRequirement
{
    public ActivityRequirement(string activity, RequiredIdentities? identities)
    {
        Activity = activity;
        Identities = identities;
        AsList = [activity];
    }

    public string Activity { get; }

    /// <summary>This activity alone, as the decision takes it (no list built per request for the usual single activity).</summary>
    public IReadOnlyList<string> AsList { get; }

    /// <summary>The identities declared with the activity, or <see langword="null"/> for the endpoint's or the configured default.</summary>
    public RequiredIdentities? Identities { get; }

    public override string ToString() => "S2SAuth activity " + Activity;
}
