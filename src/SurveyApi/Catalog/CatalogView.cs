using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Catalog;

/// <summary>
/// The public read view (GET /api/catalog) for kiosks and survey pages: every unit and counter with the scale and target
/// in force (inherited ones filled in). Not the upload format: that is <see cref="CatalogFile"/> at GET /api/admin/catalog.
/// </summary>
public sealed record CatalogView(
    string Name,
    bool Demo,
    IReadOnlyList<CatalogView.UnitView> Units,
    IReadOnlyList<CatalogView.CounterView> Counters,
    IReadOnlyList<Field> Fields,
    IReadOnlyList<Reason> Reasons,
    CatalogView.ScaleView Scale,
    IReadOnlyList<CatalogView.ScaleView> Scales,
    IReadOnlyList<FeedbackCategory> FeedbackCategories)
{
    public sealed record UnitView(string Id, string Name, string? NameEn, string? ParentId, string ScaleId, double? Target);
    public sealed record CounterView(string Id, string UnitId, string Name, string? NameEn, IReadOnlyList<string> FieldCodes, string ScaleId);
    public sealed record ScaleView(string Id, string Name, IReadOnlyList<ScaleLevel> Levels);

    public static CatalogView From(SurveyCatalog c) => new(
        c.Name,
        c.IsDemo,
        c.Units.Select(u => new UnitView(u.Id, u.Name, u.NameEn, u.ParentId, c.ScaleOf(u.Id).Id, c.TargetOf(u.Id))).ToArray(),
        c.Counters.Select(k => new CounterView(k.Id, k.UnitId, k.Name, k.NameEn, k.FieldCodes, c.ScaleOf(k.UnitId).Id)).ToArray(),
        c.Fields,
        c.Reasons,
        View(c.DefaultScale),
        c.Scales.OrderBy(s => s.Id, StringComparer.Ordinal).Select(View).ToArray(),
        c.FeedbackCategories);

    private static ScaleView View(RatingScale s) => new(s.Id, s.Name, s.Levels);
}
