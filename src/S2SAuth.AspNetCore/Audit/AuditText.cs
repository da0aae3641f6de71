namespace S2SAuth.Audit;

/// <summary>The words of an audit line for enum values, without formatting an enum per event.</summary>
internal static class AuditText
{
    public static string Outcome(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Allowed => "Allowed",
        AuditOutcome.Denied => "Denied",
        AuditOutcome.Duplicate => "Duplicate",
        _ => outcome.ToString(),
    };

    public static string Credential(ServiceCredentialKind credential) => credential.ToString();
}
