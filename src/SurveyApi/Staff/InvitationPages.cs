using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using ParSurvey.SurveyApi.Security;
using static ParSurvey.SurveyApi.Staff.LoginPages;

namespace ParSurvey.SurveyApi.Staff;

/// <summary>The page an invitation link opens: the new colleague chooses a password and is signed in. No script.</summary>
public static class InvitationPages
{
    public static IEndpointRouteBuilder MapInvitationPages(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("/invite").WithTags("Sign-in").ExcludeFromDescription().AllowAnonymous().RequireRateLimiting(RateLimits.Login);
        pages.MapGet("/{token}", async (string token, HttpContext context, IAntiforgery antiforgery, StaffAdministration administration, CancellationToken ct) =>
            await administration.InvitedAsync(token, ct) is { } account
                ? Page(context, antiforgery, "Nhận lời mời", Body(account.Email, null))
                : Page(context, antiforgery, "Lời mời không dùng được", Unusable, StatusCodes.Status404NotFound));
        pages.MapPost("/{token}", Accept);
        return routes;
    }

    private const string Unusable = """
        <h1>Lời mời không dùng được</h1>
        <p>Liên kết mời đã được dùng, đã hết hạn (sau 72 giờ) hoặc không đúng. Hãy xin quản trị viên một lời mời mới.</p>
        <p lang="en">This invitation link was used, has expired (after 72 hours) or is wrong. Ask the administrator for a new one.</p>
        <p><a href="/login">Đăng nhập</a></p>
        """;

    private static async Task<IResult> Accept(string token, [FromForm] string? password, [FromForm] string? confirm, HttpContext context,
        IAntiforgery antiforgery, StaffAdministration administration, StaffSessions sessions, CancellationToken ct)
    {
        if (await administration.InvitedAsync(token, ct) is not { } account)
            return Page(context, antiforgery, "Lời mời không dùng được", Unusable, StatusCodes.Status404NotFound);
        var problem = StaffService.PasswordProblem(password) is not null ? $"Mật khẩu cần ít nhất {StaffService.MinPasswordLength} ký tự."
            : password != confirm ? "Hai lần nhập mật khẩu không khớp." : null;
        if (problem is not null) return Page(context, antiforgery, "Nhận lời mời", Body(account.Email, problem), StatusCodes.Status400BadRequest);
        if (await administration.AcceptInvitationAsync(token, password!, ct) is not { } ready)
            return Page(context, antiforgery, "Lời mời không dùng được", Unusable, StatusCodes.Status404NotFound);
        await SignInCookieAsync(context, ready, await sessions.StartAsync(ready, context.Request.Headers.UserAgent.ToString(), ct));
        return TypedResults.Redirect("/");
    }

    private static string Body(string email, string? error) => $"""
        <h1>Chào mừng đến ParSurvey</h1>
        <p>Tài khoản <strong>{Enc(email)}</strong>. Hãy đặt mật khẩu của bạn (ít nhất {StaffService.MinPasswordLength} ký tự).</p>
        {Error(error)}
        <form method="post">
          @@ANTIFORGERY@@
          <label for="password">Mật khẩu mới</label>
          <input id="password" name="password" type="password" autocomplete="new-password" required minlength="{StaffService.MinPasswordLength}">
          <label for="confirm">Nhập lại mật khẩu mới</label>
          <input id="confirm" name="confirm" type="password" autocomplete="new-password" required>
          <button type="submit">Lưu và đăng nhập</button>
        </form>
        """;
}
