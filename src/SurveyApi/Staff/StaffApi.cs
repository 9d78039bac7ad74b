using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Staff;

public static class StaffApi
{
    public sealed record StaffView(Guid Id, string Email, string DisplayName, string Role, string? UnitId, bool Disabled,
        bool MustChangePassword, DateTimeOffset CreatedAt)
    {
        public static StaffView From(StaffAccount a) => new(a.Id, a.Email, a.DisplayName, a.Role, a.UnitId, a.Disabled, a.MustChangePassword, a.CreatedAt);
    }

    public sealed record CreateStaff(
        string? Email, string? DisplayName,
        [property: Description("admin, reporter or supervisor")] string? Role,
        [property: Description("The supervisor's unit; sub-units included.")] string? UnitId,
        [property: Description("At least 10 characters; the person should change it at first sign-in.")] string? Password);

    public sealed record Me(string Email, string DisplayName, string Role, string? UnitId);

    public static IEndpointRouteBuilder MapStaff(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/me").WithTags("Staff").RequireAuthorization(Policies.SignedIn)
            .MapGet("/", (ClaimsPrincipal user) => TypedResults.Ok(new Me(user.FindFirstValue(ClaimTypes.Email)!,
                user.FindFirstValue(ClaimTypes.Name)!, user.RoleOf()!, user.UnitOf())))
            .WithSummary("The signed-in staff member");

        var admin = routes.MapGroup("/api/admin/staff").WithTags("Staff").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", async (IStaffStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(ct)).Select(StaffView.From).ToArray())).WithSummary("List staff accounts");
        admin.MapPost("/", Create).WithSummary("Create a staff account");
        admin.MapPost("/{id:guid}/disable", (Guid id, HttpContext c, StaffService s, CancellationToken ct) => SetDisabled(id, true, c, s, ct))
            .WithSummary("Disable an account: its sessions stop working at the next request");
        admin.MapPost("/{id:guid}/enable", (Guid id, HttpContext c, StaffService s, CancellationToken ct) => SetDisabled(id, false, c, s, ct))
            .WithSummary("Enable an account again");
        return routes;
    }

    private static async Task<Results<Created<StaffView>, ValidationProblem, ProblemHttpResult>> Create(CreateStaff request, HttpContext context,
        StaffService staff, CancellationToken ct)
    {
        var candidate = new NewStaff(request.Email ?? "", request.DisplayName ?? "", request.Role ?? "",
            string.IsNullOrWhiteSpace(request.UnitId) ? null : request.UnitId.Trim(), request.Password ?? "");
        var errors = staff.Validate(candidate);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Tài khoản không hợp lệ / Invalid account");
        var account = await staff.CreateAsync(candidate, context.User.Actor(), mustChangePassword: true, ct);
        if (account is null)
            return TypedResults.Problem(statusCode: 409, title: "Email đã được dùng / Email already in use", detail: $"{candidate.Email}");
        return TypedResults.Created($"/api/admin/staff/{account.Id}", StaffView.From(account));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetDisabled(Guid id, bool disabled, HttpContext context, StaffService staff, CancellationToken ct) =>
        await staff.SetDisabledAsync(id, disabled, context.User.Actor(), ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found", detail: $"No staff account {id}");
}
