using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Board;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Satisfaction;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.StaffConsole;

/// <summary>
/// The staff console: plain HTML pages (wwwroot/console) with small ES modules that read the JSON API, each behind
/// the policy of what it shows. A page holds no data itself; the API checks every call again.
/// </summary>
public static class ConsolePages
{
    public sealed record StartComment(DateOnly Date, string CounterName, string FieldName, int Score, string Text);

    /// <summary>The start page's numbers: today and this month for the caller's scope; for supervisors also comments and alerts.</summary>
    public sealed record StartView(string? UnitId, string UnitName, DateOnly Today, SatisfactionRow TodayOverall, SatisfactionRow MonthOverall,
        IReadOnlyList<SatisfactionRow> MonthFields, IReadOnlyList<StartComment> Comments, IReadOnlyList<BoardAlert> Alerts);

    public static IEndpointRouteBuilder MapConsolePages(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("").ExcludeFromDescription();
        Page(pages, "/admin/staff", "staff.html", Policies.Admin);
        // Admins, and supervisors for their own units' kiosks and posters.
        Page(pages, "/admin/kiosks", "kiosks.html", Policies.Posters);
        Page(pages, "/admin/posters", "posters.html", Policies.Posters);
        Page(pages, "/admin/catalog", "catalog.html", Policies.Admin);
        Page(pages, "/admin/audit", "audit.html", Policies.Admin);
        Page(pages, "/reports", "reports.html", Policies.Analytics);

        routes.MapGroup("/api/console").WithTags("Console").RequireAuthorization(Policies.Analytics)
            .MapGet("/start", Start)
            .WithSummary("Today and this month for the caller's scope; a supervisor also gets the latest comments and open alerts");
        return routes;
    }

    private static void Page(RouteGroupBuilder pages, string path, string file, string policy) =>
        pages.MapGet(path, (IWebHostEnvironment env) =>
                TypedResults.Stream(env.WebRootFileProvider.GetFileInfo("console/" + file).CreateReadStream(), "text/html; charset=utf-8"))
            .RequireAuthorization(policy);

    private static async Task<Ok<StartView>> Start(ClaimsPrincipal user, SatisfactionService satisfaction, CatalogProvider catalogs,
        LiveBoard board, IRatingStore store, TimeProvider clock, CancellationToken ct)
    {
        var catalog = catalogs.Current;
        var unit = user.RoleOf() == Roles.Supervisor ? user.UnitOf() : null;
        var today = VietnamTime.Today(clock);
        var day = await satisfaction.ComputeAsync(new SatisfactionRequest(today, today, unit, SatisfactionGrouping.Field), ct);
        var month = await satisfaction.ComputeAsync(new SatisfactionRequest(VietnamTime.FirstOfMonth(today), today, unit, SatisfactionGrouping.Field), ct);
        IReadOnlyList<StartComment> comments = [];
        IReadOnlyList<BoardAlert> alerts = [];
        if (unit is not null)
        {
            var counters = catalog.CountersUnder(unit).Select(c => c.Id).ToArray();
            // The last week's comments, newest first: the store gives them oldest first.
            var recent = await store.CommentsAsync(today.AddDays(-6), today, counters, 1000, ct);
            comments = recent.TakeLast(10).Reverse().Select(c => new StartComment(c.LocalDate, catalog.FindCounter(c.CounterId)?.Name ?? c.CounterId,
                catalog.FindField(c.FieldCode)?.Name ?? c.FieldCode, c.Score, c.Comment)).ToArray();
            alerts = board.Snapshot(unit).Alerts;
        }
        return TypedResults.Ok(new StartView(unit, day.UnitName, today, day.Overall, month.Overall, month.Rows, comments, alerts));
    }
}
