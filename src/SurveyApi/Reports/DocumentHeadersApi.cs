using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Security;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>The console's preview of a unit's document header, resolved over a draft catalog with the very rule reports use.</summary>
public static class DocumentHeadersApi
{
    public static IEndpointRouteBuilder MapDocumentHeaders(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin/catalog").WithTags("Catalog").RequireAuthorization(Policies.Admin);
        admin.MapPost("/document-header", Preview)
            .Accepts<CatalogFile>("application/json")
            .WithSummary("The document header a unit's reports would be issued under with this draft catalog, and where each item comes from")
            .WithDescription("Each item is the unit's own, else its nearest ancestor's, else ParSurvey:Reports:Document's (from: null). Nothing is saved; " +
                             "the draft is checked like PUT /api/admin/catalog (400 listing every problem).");
        admin.MapGet("/document-header", (string? unitId, CatalogProvider catalogs, IOptions<OfficialDocumentOptions> options) =>
                Resolve(catalogs.Current, unitId, options.Value))
            .WithSummary("The document header a unit's reports are issued under now");
        return routes;
    }

    private static async Task<Results<Ok<ResolvedDocumentHeader>, ValidationProblem, ProblemHttpResult>> Preview(
        [Description("The unit; empty for the city-wide report")] string? unitId, HttpRequest request, IOptions<OfficialDocumentOptions> options,
        CancellationToken ct)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, 4 * 1024 * 1024, ct);
        if (problem is not null) return problem;
        using var _ = document;
        SurveyCatalog draft;
        try
        {
            draft = CatalogLoader.Read(document!.RootElement, "draft");
        }
        catch (CatalogException e)
        {
            return TypedResults.ValidationProblem(e.ByPath(), title: "Danh mục không hợp lệ / Invalid catalog");
        }
        return Resolve(draft, unitId, options.Value);
    }

    private static Results<Ok<ResolvedDocumentHeader>, ValidationProblem, ProblemHttpResult> Resolve(SurveyCatalog catalog, string? unitId, OfficialDocumentOptions options)
    {
        if (string.IsNullOrWhiteSpace(unitId))
            return TypedResults.Ok(CatalogDocumentHeaders.Resolve(catalog, null, catalog.Name, options));
        if (catalog.FindUnit(unitId) is not { } unit)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["unitId"] = [$"Không có đơn vị '{unitId}' / no unit '{unitId}'"] },
                title: "Tham số không hợp lệ / Invalid parameters");
        return TypedResults.Ok(CatalogDocumentHeaders.Resolve(catalog, unit.Id, unit.Name, options));
    }
}
