using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Security;

namespace ParSurvey.SurveyApi.Catalog;

public static class CatalogApi
{
    public static IServiceCollection AddCatalog(this IServiceCollection services) =>
        services.AddSingleton<CatalogProvider>().AddSingleton<CatalogEditor>();

    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/catalog").WithTags("Catalog").AllowAnonymous()
            .MapGet("/", (CatalogProvider catalog) => TypedResults.Ok(CatalogView.From(catalog.Current)))
            .WithSummary("Units, counters, fields, reasons and rating scales")
            .WithDescription("Public: kiosks and survey pages need it. Each unit and counter names its scale in force (its own or inherited, else the default); nameEn/labelEn are the English names where given.");

        var admin = routes.MapGroup("/api/admin/catalog").WithTags("Catalog").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", (CatalogProvider catalog) => TypedResults.Json(catalog.Current.File, CatalogJson.Options))
            .Produces<CatalogFile>()
            .WithSummary("The catalog in force, exactly in the upload format")
            .WithDescription("PUT it back unchanged and nothing changes.");
        admin.MapGet("/source", (CatalogProvider catalog) => TypedResults.Ok(new { source = catalog.Source }))
            .WithSummary("Where the catalog in force was read from");
        admin.MapPut("/", Replace)
            .Accepts<CatalogFile>("application/json")
            .WithSummary("Replace the catalog (units, counters, fields, targets, scales, reasons)")
            .WithDescription("The whole file is checked first: unknown keys, ids outside [a-z0-9-]{1,64}, duplicates and dangling references " +
                             "are listed in one 400 problem and nothing changes. Removing a unit, counter or field that has ratings, or changing " +
                             "the scale of a unit or counter that has ratings, answers 409 naming what would be affected unless ?confirm=true.");
        admin.MapPost("/preview", Preview)
            .Accepts<CatalogFile>("application/json")
            .WithSummary("What replacing the catalog with this upload would change and which stored ratings it would touch, changing nothing")
            .WithDescription("The same checks as PUT (400 listing every problem); needsConfirmation says whether PUT would need ?confirm=true.");
        return routes;
    }

    /// <summary>What an upload would change; nothing is applied.</summary>
    public sealed record CatalogPreview(bool Changed, bool NeedsConfirmation, string Summary, CatalogChanges Changes, long RatingsAffected,
        IReadOnlyList<AffectedItem> Affected);

    /// <summary>What an accepted upload changed (<c>changed: false</c> when it equals the catalog in force).</summary>
    public sealed record CatalogUpdate(bool Changed, string Summary, CatalogChanges Changes, long RatingsAffected, IReadOnlyList<AffectedItem> Affected);

    private static async Task<Results<Ok<CatalogUpdate>, ValidationProblem, ProblemHttpResult>> Replace(HttpRequest request, HttpContext context,
        CatalogEditor editor, CancellationToken ct, [FromQuery] bool confirm = false)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, 4 * 1024 * 1024, ct);
        if (problem is not null) return problem;
        using var _ = document;
        CatalogEdit edit;
        try
        {
            edit = await editor.ReplaceAsync(document!.RootElement, confirm, context.User.Actor(), ct);
        }
        catch (CatalogException e)
        {
            return Invalid(e);
        }
        if (edit.Outcome == CatalogEditOutcome.NeedsConfirmation) return NeedsConfirmation(edit);
        return TypedResults.Ok(new CatalogUpdate(edit.Outcome == CatalogEditOutcome.Applied, edit.Changes.Summary(), edit.Changes,
            edit.Impact.Ratings, edit.Impact.Items));
    }

    private static async Task<Results<Ok<CatalogPreview>, ValidationProblem, ProblemHttpResult>> Preview(HttpRequest request, CatalogEditor editor,
        CancellationToken ct)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, 4 * 1024 * 1024, ct);
        if (problem is not null) return problem;
        using var _ = document;
        try
        {
            var edit = await editor.PreviewAsync(document!.RootElement, ct);
            return TypedResults.Ok(new CatalogPreview(edit.Outcome != CatalogEditOutcome.Unchanged, edit.Outcome == CatalogEditOutcome.NeedsConfirmation,
                edit.Changes.Summary(), edit.Changes, edit.Impact.Ratings, edit.Impact.Items));
        }
        catch (CatalogException e)
        {
            return Invalid(e);
        }
    }

    private static ValidationProblem Invalid(CatalogException e) =>
        TypedResults.ValidationProblem(e.ByPath(),
            detail: $"{e.Problems.Count} lỗi; sửa tất cả rồi gửi lại / {e.Problems.Count} problems; fix them all and send again",
            title: "Danh mục không hợp lệ, không thay đổi gì / Invalid catalog, nothing changed");

    private static ProblemHttpResult NeedsConfirmation(CatalogEdit edit)
    {
        var items = edit.Impact.Items;
        var what = string.Join(", ", items.Select(i => i.Change == "scale"
            ? $"{i.Kind} '{i.Id}' {i.From}→{i.To} ({i.Ratings})"
            : $"{i.Kind} '{i.Id}' removed ({i.Ratings})"));
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Thay đổi chạm tới đánh giá đã có, cần xác nhận / The change touches existing ratings and needs confirmation",
            Detail = $"{edit.Impact.Ratings} đánh giá đã có bị ảnh hưởng; gửi lại với ?confirm=true nếu đúng ý / " +
                     $"{edit.Impact.Ratings} existing ratings are affected; send again with ?confirm=true if intended: {what}",
            Extensions =
            {
                ["ratings"] = edit.Impact.Ratings,
                ["affected"] = items,
                ["units"] = Ids(items, "unit"),
                ["counters"] = Ids(items, "counter"),
                ["fields"] = Ids(items, "field"),
                ["summary"] = edit.Changes.Summary(),
            },
        };
        return TypedResults.Problem(problem);
    }

    private static string[] Ids(IEnumerable<AffectedItem> items, string kind) => items.Where(i => i.Kind == kind).Select(i => i.Id).Distinct().ToArray();
}
