using S2SAuth;

namespace Demo.Infrastructure;

/// <summary>An audit event and the service that decided it.</summary>
public sealed record AuditRecord(string Service, AuthorizationAuditEvent Event);
