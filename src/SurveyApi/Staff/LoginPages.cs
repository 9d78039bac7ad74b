using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Staff;

/// <summary>The staff sign-in pages, in Vietnamese: plain HTML forms with antiforgery tokens, no script.</summary>
public static class LoginPages
{
    public static IEndpointRouteBuilder MapLoginPages(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("").WithTags("Sign-in").ExcludeFromDescription();
        pages.MapGet("/login", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            Page(context, antiforgery, "Đăng nhập", LoginBody(returnUrl, null))).AllowAnonymous();
        pages.MapPost("/login", SignIn).AllowAnonymous().RequireRateLimiting(RateLimits.Login);
        pages.MapPost("/logout", async (HttpContext context, StaffSessions sessions, CancellationToken ct) =>
        {
            if (SessionConnections.SessionOf(context.User) is { } session)
                await sessions.EndAsync(session, context.User.Actor(), context.User.Actor(), SessionEnd.SignOut, ct);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.Redirect("/login");
        }).RequireAuthorization(Policies.SignedIn);
        pages.MapGet("/account/password", (HttpContext context, IAntiforgery antiforgery) =>
            Page(context, antiforgery, "Đổi mật khẩu", PasswordBody(null))).RequireAuthorization(Policies.SignedIn);
        pages.MapPost("/account/password", ChangePassword).RequireAuthorization(Policies.SignedIn).RequireRateLimiting(RateLimits.Login);
        return routes;
    }

    private static async Task<IResult> SignIn([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext context, IAntiforgery antiforgery, StaffService staff, StaffSessions sessions, CancellationToken ct)
    {
        var result = await staff.SignInAsync(email ?? "", password ?? "", ct);
        if (result.Outcome != SignInOutcome.Success)
        {
            var message = result.Outcome switch
            {
                // Only after the right password (StaffService.SignInAsync): a stranger cannot learn an account exists or is locked.
                SignInOutcome.LockedOut => $"Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau {result.LockedUntil?.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm") ?? "ít phút"}.",
                SignInOutcome.Disabled => "Tài khoản đã bị vô hiệu hóa. Liên hệ quản trị viên.",
                _ => "Email hoặc mật khẩu không đúng.",
            };
            return Page(context, antiforgery, "Đăng nhập", LoginBody(returnUrl, message), StatusCodes.Status401Unauthorized);
        }
        var session = await sessions.StartAsync(result.Account!, context.Request.Headers.UserAgent.ToString(), ct);
        await SignInCookieAsync(context, result.Account!, session);
        return TypedResults.Redirect(result.Account!.MustChangePassword ? "/account/password" : LocalRedirect.Target(returnUrl));
    }

    private static async Task<IResult> ChangePassword([FromForm] string? current, [FromForm] string? password, [FromForm] string? confirm,
        HttpContext context, IAntiforgery antiforgery, StaffService staff, IStaffStore store, CancellationToken ct)
    {
        var id = Guid.Parse(context.User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var account = await store.FindAsync(id, ct);
        string? problem = null;
        if (account is null || !staff.VerifyPassword(account, current ?? "")) problem = "Mật khẩu hiện tại không đúng.";
        else if (StaffService.PasswordProblem(password) is not null) problem = $"Mật khẩu mới cần ít nhất {StaffService.MinPasswordLength} ký tự.";
        else if (password != confirm) problem = "Hai lần nhập mật khẩu mới không khớp.";
        else if (password == current) problem = "Mật khẩu mới phải khác mật khẩu cũ.";
        if (problem is not null) return Page(context, antiforgery, "Đổi mật khẩu", PasswordBody(problem), StatusCodes.Status400BadRequest);

        var session = SessionConnections.SessionOf(context.User)!.Value;
        await staff.ChangePasswordAsync(account!, password!, session, ct);
        await SignInCookieAsync(context, account! with { MustChangePassword = false }, session);
        return TypedResults.Redirect("/");
    }

    /// <summary>The sign-in cookie: the account's claims and the id of its session in the store.</summary>
    public static Task SignInCookieAsync(HttpContext context, StaffAccount account, Guid session)
    {
        var identity = StaffClaims.Identity(account, CookieAuthenticationDefaults.AuthenticationScheme);
        identity.AddClaim(new Claim(ParSurveyClaims.Session, session.ToString("D")));
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    private static string LoginBody(string? returnUrl, string? error) => $"""
        <h1>Đăng nhập</h1>
        <p>Dành cho cán bộ: quản trị viên, Văn phòng UBND, trưởng Bộ phận Một cửa.</p>
        {Error(error)}
        <form method="post" action="/login">
          @@ANTIFORGERY@@
          <input type="hidden" name="returnUrl" value="{Enc(LocalRedirect.IsLocalPath(returnUrl) ? returnUrl : "")}">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required>
          <label for="password">Mật khẩu</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required>
          <button type="submit">Đăng nhập</button>
        </form>
        """;

    private static string PasswordBody(string? error) => $"""
        <h1>Đổi mật khẩu</h1>
        <p>Mật khẩu mới cần ít nhất {StaffService.MinPasswordLength} ký tự.</p>
        {Error(error)}
        <form method="post" action="/account/password">
          @@ANTIFORGERY@@
          <label for="current">Mật khẩu hiện tại</label>
          <input id="current" name="current" type="password" autocomplete="current-password" required>
          <label for="password">Mật khẩu mới</label>
          <input id="password" name="password" type="password" autocomplete="new-password" required minlength="{StaffService.MinPasswordLength}">
          <label for="confirm">Nhập lại mật khẩu mới</label>
          <input id="confirm" name="confirm" type="password" autocomplete="new-password" required>
          <button type="submit">Lưu mật khẩu</button>
        </form>
        <form method="post" action="/logout">@@ANTIFORGERY@@<button type="submit" class="link">Đăng xuất</button></form>
        """;

    internal static string Error(string? message) => message is null ? "" : $"""<p class="error" role="alert">{Enc(message)}</p>""";

    // Vietnamese letters stay readable in the page source; markup characters are still encoded.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    internal static string Enc(string? text) => Html.Encode(text ?? "");

    internal static ContentHttpResult Page(HttpContext context, IAntiforgery antiforgery, string title, string body, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var field = $"""<input type="hidden" name="{Enc(tokens.FormFieldName)}" value="{Enc(tokens.RequestToken)}">""";
        var html = $"""
            <!doctype html>
            <html lang="vi">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{Enc(title)} – ParSurvey</title>
              <link rel="stylesheet" href="/site.css">
            </head>
            <body><main class="narrow">{body.Replace("@@ANTIFORGERY@@", field)}</main></body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
