using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Security;

namespace ParSurvey.SurveyApi.Catalog;

public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/catalog").WithTags("Catalog").AllowAnonymous()
            .MapGet("/", (CatalogProvider catalog) => TypedResults.Ok(CatalogView.From(catalog.Current)))
            .WithSummary("Units, counters, fields, reasons and rating scales")
            .WithDescription("Public: kiosks and survey pages need it. Each counter names its scale (the nearest unit's, else the default).");

        var admin = routes.MapGroup("/api/admin/catalog").WithTags("Catalog").RequireAuthorization(Policies.Admin);
        admin.MapGet("/source", (CatalogProvider catalog) => TypedResults.Ok(new { source = catalog.Source }))
            .WithSummary("Where the catalog in force was read from");
        admin.MapPut("/", Replace)
            .Accepts<CatalogFile>("application/json")
            .WithSummary("Replace the catalog (units, counters, fields, targets, scales, reasons)")
            .WithDescription("The whole file is checked first; on any problem nothing changes and every problem is listed.");
        return routes;
    }

    private static async Task<Results<Ok<CatalogView>, ValidationProblem, ProblemHttpResult>> Replace(HttpRequest request, HttpContext context,
        CatalogProvider catalog, AuditTrail audit, CancellationToken ct)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, 4 * 1024 * 1024, ct);
        if (problem is not null) return problem;
        using var _ = document;
        try
        {
            var installed = catalog.Replace(document!.RootElement);
            await audit.RecordAsync(context.User.Actor(), "catalog.replace", "catalog",
                $"{installed.Units.Count} units, {installed.Counters.Count} counters, {installed.Fields.Count} fields", ct);
            return TypedResults.Ok(CatalogView.From(installed));
        }
        catch (CatalogException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["catalog"] = e.Problems.ToArray() },
                title: "Danh mục không hợp lệ, không thay đổi gì / Invalid catalog, nothing changed");
        }
    }
}

public sealed record CatalogView(
    string Name,
    bool Demo,
    IReadOnlyList<CatalogView.UnitView> Units,
    IReadOnlyList<CatalogView.CounterView> Counters,
    IReadOnlyList<Field> Fields,
    IReadOnlyList<Reason> Reasons,
    CatalogView.ScaleView Scale,
    IReadOnlyList<CatalogView.ScaleView> Scales)
{
    public sealed record UnitView(string Id, string Name, string? ParentId, string ScaleId, double? Target);
    public sealed record CounterView(string Id, string UnitId, string Name, IReadOnlyList<string> FieldCodes, string ScaleId);
    public sealed record ScaleView(string Id, string Name, IReadOnlyList<ScaleLevel> Levels);

    public static CatalogView From(SurveyCatalog c) => new(
        c.Name,
        c.IsDemo,
        c.Units.Select(u => new UnitView(u.Id, u.Name, u.ParentId, c.ScaleOf(u.Id).Id, c.TargetOf(u.Id))).ToArray(),
        c.Counters.Select(k => new CounterView(k.Id, k.UnitId, k.Name, k.FieldCodes, c.ScaleOf(k.UnitId).Id)).ToArray(),
        c.Fields,
        c.Reasons,
        View(c.DefaultScale),
        c.Scales.OrderBy(s => s.Id, StringComparer.Ordinal).Select(View).ToArray());

    private static ScaleView View(RatingScale s) => new(s.Id, s.Name, s.Levels);
}
