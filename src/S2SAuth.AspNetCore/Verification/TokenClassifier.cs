using Microsoft.IdentityModel.JsonWebTokens;

namespace S2SAuth.Verification;

/// <summary>What a token is, by the configured <see cref="ServiceTokenRecognition"/> rule.</summary>
internal enum TokenClass
{
    /// <summary>Matches the service rule only.</summary>
    Service,

    /// <summary>Matches the user rule only.</summary>
    User,

    /// <summary>Matches neither rule, or both: refused as either kind, never guessed.</summary>
    Unrecognized,
}

/// <summary>
/// Tells a service token from a user token by one explicit rule for each kind (<see cref="ServiceTokenRecognition"/>).
/// On top of every rule, a token without a <c>type</c> claim that carries a well-known client-credentials mark
/// (<see cref="ClaimReader.HasClientCredentialsMark"/>) is never a user.
/// </summary>
internal static class TokenClassifier
{
    public static TokenClass Classify(JsonWebToken token, ServiceTokenRecognition rule)
    {
        var type = ClaimReader.String(token, "type");
        var (service, user) = rule switch
        {
            ServiceTokenRecognition.TypeClaim => (type == "service", type is null or "user"),
            ServiceTokenRecognition.TypeClaimOrClientCredentials when type is not null => (type == "service", type == "user"),
            ServiceTokenRecognition.TypeClaimOrClientCredentials => SubjectIsClient(token, ClaimReader.String(token, "client_id") ?? ClaimReader.String(token, "azp")),
            ServiceTokenRecognition.EntraIdAppOnly => EntraId(token),
            ServiceTokenRecognition.Auth0ClientCredentials => Auth0(token),
            ServiceTokenRecognition.KeycloakServiceAccount => Keycloak(token),
            ServiceTokenRecognition.OktaClientCredentials => Okta(token),
            ServiceTokenRecognition.CognitoClientCredentials => Cognito(token),
            ServiceTokenRecognition.ClientIdWithoutSubject => ClientIdWithoutSubject(token),
            ServiceTokenRecognition.SubjectIsClientId => SubjectIsClient(token, ClaimReader.String(token, "client_id")),
            _ => (false, false),
        };

        if (user && type is null && ClaimReader.HasClientCredentialsMark(token))
        {
            user = false;
        }

        return service == user ? TokenClass.Unrecognized : service ? TokenClass.Service : TokenClass.User;
    }

    /// <summary>RFC 9068 §2.2: the subject of a client-credentials token is the client itself.</summary>
    private static (bool Service, bool User) SubjectIsClient(JsonWebToken token, string? clientId)
    {
        var subject = Subject(token);
        var service = clientId is not null && string.Equals(subject, clientId, StringComparison.Ordinal);
        return (service, subject is not null && !service);
    }

    private static (bool Service, bool User) EntraId(JsonWebToken token)
    {
        var subject = Subject(token);
        var objectId = ClaimReader.String(token, "oid");
        var hasScope = ClaimReader.Has(token, "scp");
        var appOnly = ClaimReader.String(token, "idtyp") == "app";
        var service = appOnly || (objectId is not null && objectId == subject && !hasScope);
        var user = hasScope && !appOnly && subject is not null && objectId != subject;
        return (service, user);
    }

    private static (bool Service, bool User) Auth0(JsonWebToken token)
    {
        var subject = Subject(token);
        var service = ClaimReader.String(token, "gty") == "client-credentials" || subject?.EndsWith("@clients", StringComparison.Ordinal) == true;
        return (service, subject is not null && !service);
    }

    private static (bool Service, bool User) Keycloak(JsonWebToken token)
    {
        var serviceAccount = ClaimReader.String(token, "preferred_username")?.StartsWith("service-account-", StringComparison.Ordinal) == true;
        var hasClientId = ClaimReader.Has(token, "client_id") || ClaimReader.Has(token, "clientId");
        var service = serviceAccount && (hasClientId || ClaimReader.String(token, "azp") is not null);
        return (service, !serviceAccount && !hasClientId && Subject(token) is not null);
    }

    private static (bool Service, bool User) Okta(JsonWebToken token)
    {
        var subject = Subject(token);
        var clientId = ClaimReader.String(token, "cid");
        var hasUserId = ClaimReader.Has(token, "uid");
        var service = !hasUserId && clientId is not null && string.Equals(subject, clientId, StringComparison.Ordinal);
        return (service, hasUserId && subject is not null && !string.Equals(subject, clientId, StringComparison.Ordinal));
    }

    private static (bool Service, bool User) Cognito(JsonWebToken token)
    {
        if (ClaimReader.String(token, "token_use") != "access")
        {
            return (false, false); // an ID token is never an access credential
        }

        var hasUsername = ClaimReader.Has(token, "username");
        var clientId = ClaimReader.String(token, "client_id");
        var service = !hasUsername && clientId is not null && string.Equals(Subject(token), clientId, StringComparison.Ordinal);
        return (service, hasUsername && Subject(token) is not null);
    }

    private static (bool Service, bool User) ClientIdWithoutSubject(JsonWebToken token)
    {
        var subject = Subject(token);
        var clientId = ClaimReader.String(token, "client_id");
        var service = clientId is not null && (subject is null || subject == clientId);
        return (service, subject is not null && subject != clientId);
    }

    private static string? Subject(JsonWebToken token) =>
        ClaimReader.String(token, JwtRegisteredClaimNames.Sub) is { Length: > 0 } subject ? subject : null;
}
