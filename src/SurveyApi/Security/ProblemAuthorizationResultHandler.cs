using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ParSurvey.SurveyApi.Security;

/// <summary>
/// For API calls, a refusal is a ProblemDetails that says why (401: who are you; 403: not you), never a redirect to
/// the sign-in page. Pages keep the usual redirect.
/// </summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        var isApi = context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs");
        if (!isApi && result.Forbidden && context.User.KindOf() == ParSurveyClaims.StaffKind)
        {
            // A signed-in person on a page their role may not open: a one-time password is changed first, anything
            // else gets a 403 page (the default would send them back to the sign-in form).
            if (context.User.HasClaim(c => c.Type == ParSurveyClaims.MustChangePassword))
                context.Response.Redirect("/account/password");
            else
                await ForbiddenPage.Result(context).ExecuteAsync(context);
            return;
        }
        if (!isApi || result.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }
        var failure = AuthFailure.Of(context);
        IResult problem;
        if (result.Challenged)
        {
            var forbidden = failure?.Status == StatusCodes.Status403Forbidden;
            problem = TypedResults.Problem(
                title: forbidden ? "Không có quyền / Forbidden" : "Chưa xác thực / Not authenticated",
                detail: failure?.Detail ?? "Cần đăng nhập, khóa thiết bị hoặc liên kết khảo sát hợp lệ / sign in, or send a device key or a valid survey link",
                statusCode: forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized,
                extensions: failure?.Code is { } code ? new Dictionary<string, object?> { ["code"] = code } : null);
        }
        else
        {
            var mustChange = context.User.HasClaim(c => c.Type == ParSurveyClaims.MustChangePassword);
            problem = TypedResults.Problem(
                title: "Không có quyền / Forbidden",
                detail: mustChange
                    ? "Hãy đổi mật khẩu dùng một lần trước (/account/password) / change the one-time password first (/account/password)"
                    : "Tài khoản này không được phép làm việc này / this account may not do this",
                statusCode: StatusCodes.Status403Forbidden);
        }
        await problem.ExecuteAsync(context);
    }
}
