using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Security;

namespace ParSurvey.SurveyApi.PublicResults;

public static class PublicResultsApi
{
    public static IServiceCollection AddPublicResults(this IServiceCollection services)
    {
        services.AddOptions<PublicResultsOptions>().BindConfiguration(PublicResultsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PublicResultsService>();
        return services;
    }

    /// <summary>Every route here answers anonymous callers on purpose (see AnonymousAccessScanTests' public list).</summary>
    public static IEndpointRouteBuilder MapPublicResults(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/cong-khai", ListPage);
        pages.MapGet("/cong-khai/{unitId}", UnitPage);
        pages.MapGet("/embed/{unitId}", EmbedPage).WithMetadata(AllowFramingMetadata.Instance);
        pages.MapGet("/badge/{unitId}.svg", BadgeImage);

        var data = routes.MapGroup("/api/public").WithTags("Public results (open data)").AllowAnonymous();
        data.MapGet("/units/{unitId}/satisfaction", Satisfaction)
            .WithSummary("A unit's published satisfaction figures for a period, per field, in JSON or CSV (no sign-in)")
            .WithDescription("The same numbers as /api/satisfaction for the unit's subtree and the period's local dates, grouped by field: " +
                             "ratings, satisfied, rate, 95 % Wilson interval, target and status. Never comments, reasons, names or devices. " +
                             "Recomputed at most every ParSurvey:Public:RefreshSeconds (default 300 s); ETag and Cache-Control are set. " +
                             "The licence is stated in the answer (JSON: licence; CSV: the Link header rel=license and the last line). " +
                             $"Licence: {routes.ServiceProvider.GetRequiredService<IOptions<PublicResultsOptions>>().Value.Licence}.")
            // One entry for both formats: a second Produces for the same status replaced the first, leaving 200 undocumented.
            .Produces<PublicSatisfaction>(StatusCodes.Status200OK, "application/json", "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> ListPage(string? lang, PublicResultsService service, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var t = PublicText.Of(lang);
        var (units, updatedAt, body) = await service.ListAsync(ct);
        var catalogName = service.Catalog.Name;
        return Serve(http, service, updatedAt, body("html:" + t.Lang, () =>
            PublicBody.Of(PublicPages.List(units, updatedAt, VietnamTime.Today(clock), catalogName, t), "text/html; charset=utf-8")));
    }

    private static async Task<IResult> UnitPage(string unitId, string? lang, PublicResultsService service, HttpContext http, CancellationToken ct)
    {
        var t = PublicText.Of(lang);
        if (await service.UnitAsync(unitId, ct) is not { } found)
            return Results.Content(PublicPages.NotFound(unitId, t), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);
        return Serve(http, service, found.Results.UpdatedAt, found.Body("html:" + t.Lang, r => PublicBody.Of(PublicPages.Unit(r, t), "text/html; charset=utf-8")));
    }

    private static async Task<IResult> EmbedPage(string unitId, string? lang, PublicResultsService service, HttpContext http, CancellationToken ct)
    {
        var t = PublicText.Of(lang);
        if (await service.UnitAsync(unitId, ct) is not { } found)
            return Results.Content(PublicPages.NotFound(unitId, t), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);
        return Serve(http, service, found.Results.UpdatedAt, found.Body("embed:" + t.Lang, r => PublicBody.Of(PublicPages.Embed(r, t), "text/html; charset=utf-8")));
    }

    private static async Task<IResult> BadgeImage(string unitId, string? lang, PublicResultsService service, HttpContext http, CancellationToken ct)
    {
        var t = PublicText.Of(lang);
        if (await service.UnitAsync(unitId, ct) is not { } found)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không có đơn vị này / No such unit",
                detail: $"Danh mục không có đơn vị '{unitId}' / the catalog has no unit '{unitId}'");
        return Serve(http, service, found.Results.UpdatedAt, found.Body("badge:" + t.Lang, r => PublicBody.Of(Badge.Svg(r, t), "image/svg+xml; charset=utf-8")));
    }

    private static async Task<IResult> Satisfaction(string unitId,
        [Description("A period key: 2026-11, 2026-Q3, 2026, cchc-q1-2027, cchc-6m-2026, cchc-q3-2026, cchc-year-2026 or 2026-01-05..2026-02-10; default this month.")] string? period,
        [Description("json (default) or csv.")] string? format,
        PublicResultsService service, TimeProvider clock, CchcPreset preset, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var today = VietnamTime.Today(clock);
        var chosen = ReportPeriod.Month(today.Year, today.Month);
        if (!string.IsNullOrWhiteSpace(period) && !ReportPeriod.TryParse(period, preset, out chosen))
            errors["period"] = [$"Kỳ không hợp lệ '{period}': ví dụ 2026-11, 2026-Q3, 2026, cchc-year-2026, 2026-01-05..2026-02-10 / not a period"];
        var kind = string.IsNullOrWhiteSpace(format) ? "json" : format.Trim().ToLowerInvariant();
        if (kind is not ("json" or "csv")) errors["format"] = ["Phải là json hoặc csv / must be json or csv"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Tham số không hợp lệ / Invalid query parameters");
        if (await service.SatisfactionAsync(unitId, chosen, ct) is not { } found)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không có đơn vị này / No such unit",
                detail: $"Danh mục không có đơn vị '{unitId}' / the catalog has no unit '{unitId}'");
        if (kind == "csv")
        {
            http.Response.Headers.Append("Link", "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"");
            http.Response.Headers.ContentDisposition = $"inline; filename=\"{unitId}-{chosen.Key.Replace("..", "_")}.csv\"";
        }
        return Serve(http, service, found.Data.UpdatedAt, kind == "csv"
            ? found.Body("csv", Csv)
            : found.Body("json", d => PublicBody.Of(System.Text.Json.JsonSerializer.Serialize(d, JsonOptions(http)), "application/json; charset=utf-8")));
    }

    private static System.Text.Json.JsonSerializerOptions JsonOptions(HttpContext http) =>
        http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    /// <summary>UTF-8 with BOM (Excel), comma-separated, rates as decimals with a dot so any program reads them.</summary>
    private static PublicBody Csv(PublicSatisfaction d)
    {
        var csv = new StringBuilder("\uFEFF");
        csv.Append("unit_id,unit_name,period,from,to,field_code,field_name,ratings,satisfied,rate,ci_low,ci_high,target,status\r\n");
        void Line(string code, string name, PublicFigure f) =>
            csv.Append(string.Join(',', Cell(d.UnitId), Cell(d.UnitName), Cell(d.Period), d.From.ToString("yyyy-MM-dd"), d.To.ToString("yyyy-MM-dd"),
                Cell(code), Cell(name), f.Ratings.ToString(CultureInfo.InvariantCulture), f.Satisfied.ToString(CultureInfo.InvariantCulture),
                Num(f.Rate), Num(f.CiLow), Num(f.CiHigh), Num(f.Target), StatusCode(f.Status))).Append("\r\n");
        Line("", "(toàn đơn vị / whole unit)", d.Overall);
        foreach (var field in d.Fields) Line(field.Code, field.Name, field.Figure);
        csv.Append(Cell("# licence: " + d.Licence)).Append("\r\n");
        return PublicBody.Of(csv.ToString(), "text/csv; charset=utf-8");
    }

    private static string StatusCode(SatisfactionStatus s) => s switch
    {
        SatisfactionStatus.Met => "met",
        SatisfactionStatus.Below => "below",
        _ => "insufficient",
    };

    private static string Num(double? value) => value is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "";

    private static string Cell(string text) => text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    /// <summary>Cached bytes with their validator: a repeat visit with the ETag gets 304 and no body.</summary>
    private static IResult Serve(HttpContext http, PublicResultsService service, DateTimeOffset updatedAt, PublicBody body)
    {
        var headers = http.Response.Headers;
        headers.ETag = body.ETag;
        headers.CacheControl = $"public, max-age={(int)Math.Ceiling(service.FreshFor(updatedAt).TotalSeconds)}";
        headers.LastModified = updatedAt.ToString("R", CultureInfo.InvariantCulture);
        if (http.Request.Headers.IfNoneMatch is var match && !StringValues.IsNullOrEmpty(match) &&
            match.Any(m => m is not null && (m.Trim() == "*" || m.Split(',').Any(tag => tag.Trim() == body.ETag))))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(body.Bytes, body.ContentType);
    }
}
