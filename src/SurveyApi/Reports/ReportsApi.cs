using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Reports;

public static class ReportsApi
{
    public sealed record ArchiveRequest(
        [property: Description("2026-11, 2026-Q3, 2026, cchc-q1-2027, cchc-6m-2026, cchc-q3-2026, cchc-year-2026 (and cchc-q2/cchc-q4 under nd09-2019) or 2026-01-05..2026-02-10")] string? Period,
        [property: Description("Formats to archive: json, xlsx, csv, html, pdf, docx (default json, xlsx, csv, html).")] string[]? Formats);

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Analytics);
        api.MapGet("/", Get)
            .WithSummary("A satisfaction report for a period and a unit (with sub-units) or the city: JSON, XLSX, CSV, printable HTML, or the official document as PDF or DOCX")
            .WithDescription("Per field, per unit (ranked; too few ratings listed apart), per counter, reasons, comments and the 12-month trend, " +
                             "against the 95 % targets, with Wilson intervals and a two-proportion comparison with the previous period.");
        api.MapGet("/cchc", CchcWindowsApi.Get)
            .WithSummary("The city's CCHC windows for a reporting year, the days they leave out and whether today is one of them");
        api.MapGet("/archive", ListArchive).WithSummary("Archived reports the caller may read");
        api.MapGet("/archive/{id:guid}", Download).WithSummary("Download an archived report, as it was archived");
        var archiving = routes.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Reports);
        archiving.MapPost("/jobs", StartJob).WithSummary("Archive a period for the city and every unit now, in the background");
        archiving.MapGet("/jobs/{id:guid}", async (Guid id, ReportJobRunner jobs, CancellationToken ct) => await jobs.FindAsync(id, ct) is { } job
                ? (IResult)TypedResults.Ok(job)
                : TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found", detail: $"No report job {id}"))
            .WithSummary("Progress of a report job");
        routes.MapGet("/reports/print", (string? period, string? unitId, HttpContext c, ReportService r, CatalogProvider k, TimeProvider t, CancellationToken ct) =>
                Get(period, unitId, "html", null, c, r, k, t, ct))
            .RequireAuthorization(Policies.Analytics).ExcludeFromDescription();
        routes.MapDocumentHeaders();
        return routes;
    }

    private static async Task<IResult> Get(
        [Description("Period key; default the previous month.")] string? period,
        [Description("Unit id; default the city (a supervisor: their unit).")] string? unitId,
        [Description("json (default), xlsx, csv, html, pdf or docx (pdf and docx: the official document, Nghị định 30/2020/NĐ-CP layout)")] string? format,
        [Description("For csv: summary, fields, units, counters, reasons, comments or trend; without it, a zip of all.")] string? section,
        HttpContext context, ReportService reports, CatalogProvider catalogs, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var chosen = ParsePeriod(period, clock, context.RequestServices.GetRequiredService<CchcPreset>(), errors);
        format = string.IsNullOrWhiteSpace(format) ? "json" : format.Trim().ToLowerInvariant();
        if (!ReportFormats.All.Contains(format)) errors["format"] = [$"Một trong: {ReportFormats.List} / one of: {ReportFormats.List}"];
        if (section is not null && (format != "csv" || !ReportTables.Sections.Contains(section)))
            errors["section"] = [$"Chỉ dùng với format=csv, một trong: {string.Join(", ", ReportTables.Sections)} / only with format=csv, one of: {string.Join(", ", ReportTables.Sections)}"];
        var unit = ScopeOf(context.User, unitId, catalogs.Current, errors, out var forbidden);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Tham số không hợp lệ / Invalid parameters");
        if (forbidden is not null) return forbidden;

        var document = await reports.BuildAsync(chosen!, unit, ct);
        var rendered = ReportFormats.Render(document, format, context.RequestServices.GetRequiredService<Documents.OfficialDocuments>(), section);
        if (format == "json") return TypedResults.Bytes(rendered.Content, rendered.ContentType);
        if (format == "html") return TypedResults.Content(System.Text.Encoding.UTF8.GetString(rendered.Content), rendered.ContentType);
        var name = $"bao-cao-hai-long-{unit ?? "thanh-pho"}-{chosen!.Key}{(section is null ? "" : "-" + section)}.{rendered.Extension}";
        return TypedResults.File(rendered.Content, rendered.ContentType, name);
    }

    private static async Task<Ok<ArchivedReport[]>> ListArchive(string? period, ClaimsPrincipal user, IReportArchive archive, CatalogProvider catalogs, CancellationToken ct) =>
        TypedResults.Ok((await archive.ListAsync(string.IsNullOrWhiteSpace(period) ? null : period.Trim(), ct))
            .Where(r => MayRead(user, catalogs.Current, r)).ToArray());

    private static async Task<IResult> Download(Guid id, ClaimsPrincipal user, IReportArchive archive, CatalogProvider catalogs, CancellationToken ct)
    {
        if (await archive.GetAsync(id, ct) is not { } report || !MayRead(user, catalogs.Current, report)
            || await archive.ReadAsync(id, ct) is not { } content)
            return ArchiveNotFound(id);
        return TypedResults.File(content, ReportFormats.ContentType(report.Format), $"{report.PeriodKey}-{report.FileName}");
    }

    private static ProblemHttpResult ArchiveNotFound(Guid id) =>
        TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found", detail: $"No archived report {id}");

    private static async Task<IResult> StartJob(ArchiveRequest request, ClaimsPrincipal user, ReportJobRunner jobs, TimeProvider clock, CchcPreset preset, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var period = ParsePeriod(request.Period, clock, preset, errors);
        var formats = request.Formats is { Length: > 0 } f ? f.Select(x => x.Trim().ToLowerInvariant()).Distinct().ToArray() : ReportFormats.Archived;
        if (formats.Any(x => !ReportFormats.All.Contains(x))) errors["formats"] = [$"Một trong: {ReportFormats.List} / one of: {ReportFormats.List}"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Tham số không hợp lệ / Invalid parameters");
        var job = await jobs.StartAsync(period!, formats, user.Actor(), ct);
        return TypedResults.Accepted($"/api/reports/jobs/{job.Id}", job);
    }

    private static ReportPeriod? ParsePeriod(string? text, TimeProvider clock, CchcPreset preset, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            var today = VietnamTime.Today(clock);
            return ReportPeriod.Month(today.Year, today.Month).Previous();
        }
        if (ReportPeriod.TryParse(text, preset, out var period) && period.Days <= 3660) return period;
        var windows = string.Join(", ", preset.Kinds.Select(k => $"cchc-{CchcPreset.KeyWord(k)}-2026"));
        errors["period"] = [$"Kỳ báo cáo như 2026-11, 2026-Q3, 2026, {windows} (kỳ CCHC theo {preset.Name}) hoặc 2026-01-05..2026-02-10, " +
                            $"trong các năm {ReportPeriod.MinYear}–{ReportPeriod.MaxYear} / a period such as 2026-11, 2026-Q3, 2026, {windows} " +
                            $"(CCHC windows of {preset.NameEn}) or 2026-01-05..2026-02-10, in the years {ReportPeriod.MinYear}–{ReportPeriod.MaxYear}"];
        return null;
    }

    /// <summary>The unit a report covers: reporters and admins any (default the city), a supervisor their own subtree (default their unit).</summary>
    private static string? ScopeOf(ClaimsPrincipal user, string? unitId, SurveyCatalog catalog, Dictionary<string, string[]> errors, out IResult? forbidden)
    {
        forbidden = null;
        var (unit, verdict) = UnitScope.Of(user, unitId, catalog);
        if (verdict == UnitScopeVerdict.UnknownUnit)
        {
            errors["unitId"] = [$"Không có đơn vị '{unit}' / no unit '{unit}'"];
            return null;
        }
        if (verdict == UnitScopeVerdict.Forbidden)
            forbidden = TypedResults.Problem(statusCode: 403, title: "Không có quyền / Forbidden", detail: $"Đơn vị '{unit}' không thuộc phạm vi của bạn / unit '{unit}' is outside your unit");
        return unit;
    }

    private static bool MayRead(ClaimsPrincipal user, SurveyCatalog catalog, ArchivedReport report) =>
        user.RoleOf() is Roles.Admin or Roles.Reporter || (report.UnitId != ReportArchiveService.City && user.MaySee(catalog, report.UnitId));
}
