using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.Analytics;
using System.Security.Claims;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Satisfaction;

public static class SatisfactionApi
{
    /// <summary>Ten years of days: longer ranges are almost certainly a typo in a year.</summary>
    private const int MaxRangeDays = 3660;

    public static IEndpointRouteBuilder MapSatisfaction(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/satisfaction").WithTags("Satisfaction").RequireAuthorization(Policies.Analytics)
            .MapGet("/", Get)
            .WithSummary("Satisfaction rates with 95 % Wilson intervals and status against target")
            .WithDescription("Counts ratings whose local date (Asia/Ho_Chi_Minh) is in [from, to], both inclusive, for a unit and " +
                             "its sub-units, grouped by field, counter, unit (the unit's children, each with its subtree) or day. " +
                             "status (one rule for API, board and reports): below when the interval's upper bound is under the target, whatever " +
                             "the number of ratings; met when at least minSample ratings and rate ≥ target; below when at least minSample " +
                             "and rate < target; otherwise insufficient. counts per score when the scope has one scale; countsByScale " +
                             "per scale (labels in scales) and groups (satisfied, neutral, notSatisfied) always; filtered presses are in no count. " +
                             "A supervisor sees their own unit's subtree (the default unitId for them); reporters and admins every unit.");
        return routes;
    }

    private static async Task<Results<Ok<SatisfactionReport>, ValidationProblem, ProblemHttpResult>> Get(
        [Description("First local date, yyyy-MM-dd; default the first of this month.")] string? from,
        [Description("Last local date, yyyy-MM-dd, inclusive; default today.")] string? to,
        [Description("Unit id; its sub-units are included. Default: every unit.")] string? unitId,
        [Description("field (default), counter, unit or day.")] string? groupBy,
        SatisfactionService service, CatalogProvider catalogs, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var catalog = catalogs.Current;
        var errors = new Dictionary<string, string[]>();
        var today = VietnamTime.Today(clock);
        var fromDate = ParseDate(from, "from", VietnamTime.FirstOfMonth(today), errors);
        var toDate = ParseDate(to, "to", today, errors);
        if (errors.Count == 0 && fromDate > toDate)
            errors["to"] = ["'to' phải không sớm hơn 'from' / 'to' must not be before 'from'"];
        else if (errors.Count == 0 && toDate.DayNumber - fromDate.DayNumber >= MaxRangeDays)
            errors["to"] = [$"Khoảng thời gian tối đa {MaxRangeDays} ngày / the range may span at most {MaxRangeDays} days"];

        // A supervisor's default is their own unit, not the whole city.
        var (unit, verdict) = UnitScope.Of(user, unitId, catalog);
        if (verdict == UnitScopeVerdict.UnknownUnit)
            errors["unitId"] = [$"Không có đơn vị '{unit}' trong danh mục / no unit '{unit}' in the catalog"];

        var grouping = SatisfactionGrouping.Field;
        if (!string.IsNullOrWhiteSpace(groupBy) &&
            (int.TryParse(groupBy, out _) || !Enum.TryParse(groupBy.Trim(), ignoreCase: true, out grouping)))
            errors["groupBy"] = ["Phải là một trong: field, counter, unit, day / must be one of: field, counter, unit, day"];

        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "Tham số không hợp lệ / Invalid query parameters");
        if (verdict == UnitScopeVerdict.Forbidden)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Không có quyền / Forbidden",
                detail: $"Đơn vị '{unit}' không thuộc phạm vi của bạn / unit '{unit}' is outside your unit");
        return TypedResults.Ok(await service.ComputeAsync(new SatisfactionRequest(fromDate, toDate, unit, grouping), ct));
    }

    private static DateOnly ParseDate(string? text, string name, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (ReportPeriod.TryParseDate(text, out var date)) return date;
        errors[name] = [$"Ngày theo dạng yyyy-MM-dd trong các năm {ReportPeriod.MinYear}–{ReportPeriod.MaxYear}, ví dụ 2026-11-01 (nhận được '{text}') / " +
                        $"a date as yyyy-MM-dd in the years {ReportPeriod.MinYear}–{ReportPeriod.MaxYear}, e.g. 2026-11-01 (got '{text}')"];
        return fallback;
    }
}
