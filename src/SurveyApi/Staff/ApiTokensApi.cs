using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Staff;

public static class ApiTokensApi
{
    public sealed record IssueToken([property: Description("The staff account the script acts as.")] Guid? StaffId,
        [property: Description("A name to recognise the token by, e.g. 'Xuất báo cáo hằng tháng'; at most 100 characters.")] string? Name);

    /// <summary>The new token; <c>token</c> is shown this once and never stored.</summary>
    public sealed record IssuedTokenView(Guid Id, Guid StaffId, string Name, DateTimeOffset CreatedAt, string Token);

    public static IEndpointRouteBuilder MapApiTokens(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin/tokens").WithTags("Staff").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", async (IApiTokenStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)))
            .WithSummary("Personal API tokens, newest first (never the token itself)");
        admin.MapPost("/", Issue).WithSummary("Issue a personal API token for a staff account: send it as 'Authorization: Bearer <token>'");
        admin.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, HttpContext context, ApiTokens tokens, CancellationToken ct) =>
                await tokens.RevokeAsync(id, context.User.Actor(), ct)
                    ? TypedResults.NoContent()
                    : TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found", detail: $"Không có mã đang hiệu lực {id} / no active token {id}"))
            .WithSummary("Revoke a token: it stops working at the next request");
        return routes;
    }

    private static async Task<Results<Created<IssuedTokenView>, ValidationProblem>> Issue(IssueToken request, HttpContext context,
        IStaffStore staff, ApiTokens tokens, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var account = request.StaffId is { } id ? await staff.FindAsync(id, ct) : null;
        if (account is null || account.Disabled) errors["staffId"] = ["Cần một tài khoản đang hoạt động / an active staff account is required"];
        var name = request.Name?.Trim() is { Length: > 0 and <= 100 } n ? n : null;
        if (name is null) errors["name"] = ["Cần tên, tối đa 100 ký tự / a name of at most 100 characters is required"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Mã truy cập không hợp lệ / Invalid token request");
        var issued = await tokens.IssueAsync(account!, name!, context.User.Actor(), ct);
        var t = issued.Token;
        return TypedResults.Created($"/api/admin/tokens/{t.Id}", new IssuedTokenView(t.Id, t.StaffId, t.Name, t.CreatedAt, issued.Secret));
    }
}
