using System.Security.Claims;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Security;

public enum UnitScopeVerdict
{
    Allowed,
    /// <summary>The catalog has no unit with the id asked for.</summary>
    UnknownUnit,
    /// <summary>The unit (or, for a supervisor with none named, the whole city) is outside the caller's reach.</summary>
    Forbidden,
}

/// <summary>
/// Which unit (đơn vị) a staff member's view of the numbers covers — the one rule of the API, the board and the reports:
/// no unit named means a supervisor's own unit and, for reporters and admins, the whole city (null); a named unit must
/// be in the catalog and in the caller's reach (<see cref="ParSurveyClaims.MaySee"/>: a supervisor their unit's subtree).
/// </summary>
/// <param name="UnitId">The unit with its sub-units, or null for the whole city.</param>
public readonly record struct UnitScope(string? UnitId, UnitScopeVerdict Verdict)
{
    public static UnitScope Of(ClaimsPrincipal user, string? requestedUnitId, SurveyCatalog catalog)
    {
        var unit = string.IsNullOrWhiteSpace(requestedUnitId)
            ? (user.RoleOf() == Roles.Supervisor ? user.UnitOf() : null)
            : requestedUnitId.Trim();
        if (unit is not null && catalog.FindUnit(unit) is null) return new UnitScope(unit, UnitScopeVerdict.UnknownUnit);
        var allowed = unit is null ? user.RoleOf() != Roles.Supervisor : user.MaySee(catalog, unit);
        return new UnitScope(unit, allowed ? UnitScopeVerdict.Allowed : UnitScopeVerdict.Forbidden);
    }
}
