namespace ParSurvey.SurveyApi.Staff;

/// <summary>A staff member who signs in: an admin, a reporter (Văn phòng UBND) or a supervisor (trưởng Bộ phận Một cửa).</summary>
/// <param name="UnitId">The unit a supervisor oversees, with its sub-units; null for admins and reporters.</param>
/// <param name="MustChangePassword">Set for a one-time password: nothing but changing it is allowed until it is changed.</param>
public sealed record StaffAccount(
    Guid Id,
    string Email,
    string DisplayName,
    string Role,
    string? UnitId,
    string PasswordHash,
    bool MustChangePassword,
    int FailedLogins,
    DateTimeOffset? LockedUntil,
    bool Disabled,
    DateTimeOffset CreatedAt);

public static class Roles
{
    public const string Admin = "admin";
    public const string Reporter = "reporter";
    public const string Supervisor = "supervisor";
    public static readonly IReadOnlyList<string> All = [Admin, Reporter, Supervisor];
}
