using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Catalog;

public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/catalog").WithTags("Catalog")
            .MapGet("/", (SurveyCatalog catalog) => TypedResults.Ok(CatalogView.From(catalog)))
            .WithSummary("Units, counters, fields, reasons and rating scales")
            .WithDescription("Public: kiosks and survey pages need it. Each counter names its scale (the nearest unit's, else the default).");
        return routes;
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
