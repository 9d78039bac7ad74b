using System.Security.Claims;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Security;

/// <summary>Claim types and what they say about the caller: a staff member, a kiosk device, or a citizen holding a QR link.</summary>
public static class ParSurveyClaims
{
    public const string Kind = "parsurvey:kind";
    public const string Unit = "parsurvey:unit";
    public const string Counter = "parsurvey:counter";
    public const string Device = "parsurvey:device";
    public const string OneTimeToken = "parsurvey:one-time-token";
    public const string MustChangePassword = "parsurvey:must-change-password";
    /// <summary>The staff session (<see cref="Staff.StaffSession"/>) a sign-in cookie belongs to.</summary>
    public const string Session = "parsurvey:session";

    public const string StaffKind = "staff";
    public const string DeviceKind = "device";
    public const string SurveyKind = "survey";

    public static string? KindOf(this ClaimsPrincipal user) => user.FindFirstValue(Kind);
    public static string? RoleOf(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role);
    public static string? UnitOf(this ClaimsPrincipal user) => user.FindFirstValue(Unit);
    public static string? CounterOf(this ClaimsPrincipal user) => user.FindFirstValue(Counter);
    public static string Actor(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.Email) ?? (user.FindFirstValue(Device) is { } d ? "device:" + d : "anonymous");

    /// <summary>Whether a staff member may see a unit: admins and reporters every unit, a supervisor their unit's subtree.</summary>
    public static bool MaySee(this ClaimsPrincipal user, SurveyCatalog catalog, string unitId)
    {
        if (user.KindOf() != StaffKind) return false;
        var role = user.RoleOf();
        if (role is Roles.Admin or Roles.Reporter) return true;
        return role == Roles.Supervisor && user.UnitOf() is { } own && catalog.Subtree(own).Any(u => u.Id == unitId);
    }
}
