using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Staff;

public static class StaffApi
{
    /// <param name="LockedUntil">Set while the account is locked out after failed sign-ins (an admin may unlock it).</param>
    public sealed record StaffView(Guid Id, string Email, string DisplayName, string Role, string? UnitId, bool Disabled,
        bool MustChangePassword, DateTimeOffset CreatedAt, DateTimeOffset? LockedUntil)
    {
        public static StaffView From(StaffAccount a, DateTimeOffset now) => new(a.Id, a.Email, a.DisplayName, a.Role, a.UnitId, a.Disabled,
            a.MustChangePassword, a.CreatedAt, a.LockedUntil > now ? a.LockedUntil : null);
    }

    public sealed record CreateStaff(
        string? Email, string? DisplayName,
        [property: Description("admin, reporter or supervisor")] string? Role,
        [property: Description("The supervisor's unit; sub-units included.")] string? UnitId,
        [property: Description("At least 10 characters; leave out to have one generated (answered once as firstPassword). The person changes it at first sign-in.")] string? Password,
        [property: Description("true: no password; answers an invitation link valid 72 h with which the person chooses their own.")] bool? Invite = null);

    /// <summary>The new account; <c>firstPassword</c> (when generated) or <c>invitationUrl</c> are shown this once and never stored.</summary>
    public sealed record CreatedStaff(Guid Id, string Email, string DisplayName, string Role, string? UnitId, bool Disabled,
        bool MustChangePassword, DateTimeOffset CreatedAt, string? FirstPassword, string? InvitationUrl, DateTimeOffset? InvitationExpiresAt);

    public sealed record ScopeChange([property: Description("admin, reporter or supervisor")] string? Role,
        [property: Description("The supervisor's unit; empty for the other roles.")] string? UnitId);

    public sealed record PasswordReset(string FirstPassword);

    public sealed record Me(string Email, string DisplayName, string Role, string? UnitId, bool MustChangePassword);

    public static IEndpointRouteBuilder MapStaff(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/me").WithTags("Staff").RequireAuthorization(Policies.SignedIn)
            .MapGet("/", (ClaimsPrincipal user) => TypedResults.Ok(new Me(user.FindFirstValue(ClaimTypes.Email)!,
                user.FindFirstValue(ClaimTypes.Name)!, user.RoleOf()!, user.UnitOf(),
                user.HasClaim(c => c.Type == ParSurveyClaims.MustChangePassword))))
            .WithSummary("The signed-in staff member");

        var admin = routes.MapGroup("/api/admin/staff").WithTags("Staff").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", async (IStaffStore store, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(ct)).Select(a => StaffView.From(a, clock.GetUtcNow())).ToArray()))
            .WithSummary("List staff accounts (lockedUntil: locked out after failed sign-ins until then)");
        admin.MapPost("/", Create).WithSummary("Create a staff account");
        admin.MapPost("/{id:guid}/disable", (Guid id, HttpContext c, StaffService s, CancellationToken ct) => SetDisabled(id, true, c, s, ct))
            .WithSummary("Disable an account: its sessions stop working at the next request");
        admin.MapPost("/{id:guid}/enable", (Guid id, HttpContext c, StaffService s, CancellationToken ct) => SetDisabled(id, false, c, s, ct))
            .WithSummary("Enable an account again");
        admin.MapPost("/{id:guid}/unlock", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, HttpContext c, StaffService s, CancellationToken ct) =>
                await s.UnlockAsync(id, c.User.Actor(), ct) ? TypedResults.NoContent() : NotFound(id))
            .WithSummary("Unlock an account locked out after failed sign-ins: its count of failures starts again");
        admin.MapPost("/{id:guid}/password", ResetPassword)
            .WithSummary("Reset a password: answers a new one-time password, shown once; the person must replace it at sign-in");
        admin.MapPut("/{id:guid}/scope", ChangeScope)
            .WithSummary("Change an account's role and unit; its sessions end at once and its board sockets close");
        routes.MapStaffSessions();
        return routes;
    }

    private static async Task<Results<Created<CreatedStaff>, ValidationProblem, ProblemHttpResult>> Create(CreateStaff request, HttpContext context,
        StaffService staff, StaffAdministration administration, CancellationToken ct)
    {
        var invite = request.Invite == true;
        var candidate = new NewStaff(request.Email ?? "", request.DisplayName ?? "", request.Role ?? "",
            string.IsNullOrWhiteSpace(request.UnitId) ? null : request.UnitId.Trim(), request.Password ?? "");
        // Left empty, the password is generated (or, for an invitation, chosen by the person later).
        var errors = staff.Validate(string.IsNullOrEmpty(request.Password) ? candidate with { Password = new string('x', StaffService.MinPasswordLength) } : candidate);
        if (invite && !string.IsNullOrEmpty(request.Password))
            errors["password"] = ["Lời mời không kèm mật khẩu: người được mời tự đặt / an invitation carries no password: the person chooses one"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Tài khoản không hợp lệ / Invalid account");
        var created = await administration.CreateAsync(candidate, invite, context.User.Actor(), ct);
        if (created is null)
            return TypedResults.Problem(statusCode: 409, title: "Email đã được dùng / Email already in use", detail: $"{candidate.Email}");
        var a = created.Account;
        return TypedResults.Created($"/api/admin/staff/{a.Id}", new CreatedStaff(a.Id, a.Email, a.DisplayName, a.Role, a.UnitId, a.Disabled,
            a.MustChangePassword, a.CreatedAt, created.FirstPassword, created.InvitationUrl, created.InvitationExpiresAt));
    }

    private static async Task<Results<Ok<PasswordReset>, ProblemHttpResult>> ResetPassword(Guid id, HttpContext context,
        StaffAdministration administration, CancellationToken ct) =>
        await administration.ResetPasswordAsync(id, context.User.Actor(), ct) is { } password
            ? TypedResults.Ok(new PasswordReset(password))
            : NotFound(id);

    private static async Task<Results<Ok<StaffView>, ValidationProblem, ProblemHttpResult>> ChangeScope(Guid id, ScopeChange request,
        HttpContext context, StaffService staff, StaffAdministration administration, CancellationToken ct)
    {
        var role = request.Role?.Trim() ?? "";
        var unit = string.IsNullOrWhiteSpace(request.UnitId) ? null : request.UnitId.Trim();
        var errors = staff.ScopeProblems(role, unit);
        if (errors.Count == 0 && context.User.FindFirstValue(ClaimTypes.NameIdentifier) == id.ToString() && role != Roles.Admin)
            errors["role"] = ["Không thể tự bỏ quyền quản trị của mình / you cannot take away your own admin role"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Phạm vi không hợp lệ / Invalid scope");
        return await administration.ChangeScopeAsync(id, role, unit, context.User.Actor(), ct) is { } changed
            ? TypedResults.Ok(StaffView.From(changed, DateTimeOffset.UtcNow))
            : NotFound(id);
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found", detail: $"Không có tài khoản {id} / no staff account {id}");

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetDisabled(Guid id, bool disabled, HttpContext context, StaffService staff, CancellationToken ct)
    {
        if (disabled && context.User.FindFirstValue(ClaimTypes.NameIdentifier) == id.ToString())
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["Không thể tự vô hiệu hóa tài khoản của mình / you cannot disable your own account"] });
        return await staff.SetDisabledAsync(id, disabled, context.User.Actor(), ct) ? TypedResults.NoContent() : NotFound(id);
    }
}
