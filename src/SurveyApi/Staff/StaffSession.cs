namespace ParSurvey.SurveyApi.Staff;

/// <summary>
/// One sign-in of a staff member, kept in the store: the cookie names it, and every request checks it is still open,
/// so signing out, a password change or an admin ends it for real (issue 13, findings 1–3).
/// </summary>
/// <param name="Client">The browser's User-Agent, shortened, so an admin can tell sessions apart. Staff data, not citizens'.</param>
public sealed record StaffSession(
    Guid Id,
    Guid StaffId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    string? Client,
    DateTimeOffset? EndedAt,
    string? EndedBy,
    string? EndReason)
{
    public bool IsOpen => EndedAt is null;
}

/// <summary>Why a session ended, as stored and shown in the audit log.</summary>
public static class SessionEnd
{
    public const string SignOut = "sign-out";
    public const string PasswordChanged = "password-changed";
    public const string Disabled = "account-disabled";
    public const string RoleChanged = "role-changed";
    public const string Admin = "ended-by-admin";
}
