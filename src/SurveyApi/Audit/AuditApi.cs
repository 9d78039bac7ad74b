using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Audit;

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/admin/audit").WithTags("Audit").RequireAuthorization(Policies.Admin)
            .MapGet("/", async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ValidationProblem>> (int? limit, IAuditLog log, CancellationToken ct) =>
                limit is < 1 or > 1000
                    ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["Từ 1 đến 1000 / from 1 to 1000"] })
                    : TypedResults.Ok(await log.ListAsync(limit ?? 200, ct)))
            .WithSummary("Administrative changes, newest first: who, when, what");
        return routes;
    }
}
