using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Language;
using ParSurvey.SurveyApi.Pages;
using ParSurvey.SurveyApi.Pages.Staff;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Staff;

/// <summary>The staff sign-in pages (<see cref="SignInPage"/>, <see cref="PasswordPage"/>): plain forms with antiforgery tokens, no script.</summary>
public static class LoginPages
{
    public static IEndpointRouteBuilder MapLoginPages(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("").WithTags("Sign-in").ExcludeFromDescription();
        pages.MapGet("/login", (HttpContext context, string? returnUrl) =>
            ServerPages.Render<SignInPage>(context, new { ReturnUrl = SafeReturnUrl(returnUrl) })).AllowAnonymous();
        pages.MapPost("/login", SignIn).AllowAnonymous().RequireRateLimiting(RateLimits.Login);
        pages.MapPost("/logout", async (HttpContext context, StaffSessions sessions, CancellationToken ct) =>
        {
            if (SessionConnections.SessionOf(context.User) is { } session)
                await sessions.EndAsync(session, context.User.Actor(), context.User.Actor(), SessionEnd.SignOut, ct);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.Redirect("/login");
        }).RequireAuthorization(Policies.SignedIn);
        pages.MapGet("/account/password", (HttpContext context) => ServerPages.Render<PasswordPage>(context))
            .RequireAuthorization(Policies.SignedIn);
        pages.MapPost("/account/password", ChangePassword).RequireAuthorization(Policies.SignedIn).RequireRateLimiting(RateLimits.Login);
        return routes;
    }

    private static string SafeReturnUrl(string? returnUrl) => LocalRedirect.IsLocalPath(returnUrl) ? returnUrl! : "";

    private static async Task<IResult> SignIn([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext context, StaffService staff, StaffSessions sessions, TextCatalog catalog, CancellationToken ct)
    {
        var result = await staff.SignInAsync(email ?? "", password ?? "", ct);
        if (result.Outcome != SignInOutcome.Success)
        {
            var t = catalog.For(TextCatalog.LanguageOf(context));
            var message = result.Outcome switch
            {
                // Only after the right password (StaffService.SignInAsync): a stranger cannot learn an account exists or is locked.
                SignInOutcome.LockedOut => t.Format("signin.locked",
                    ("time", result.LockedUntil is { } until ? VietnamTime.ToLocal(until).ToString("HH:mm", t.Culture) : t["signin.lockedSoon"])),
                SignInOutcome.Disabled => t["signin.disabled"],
                _ => t["signin.wrong"],
            };
            // The e-mail stays typed: only the password is asked again.
            return ServerPages.Render<SignInPage>(context, new { ReturnUrl = SafeReturnUrl(returnUrl), Email = email?.Trim(), Error = message },
                StatusCodes.Status401Unauthorized);
        }
        var session = await sessions.StartAsync(result.Account!, context.Request.Headers.UserAgent.ToString(), ct);
        await SignInCookieAsync(context, result.Account!, session);
        return TypedResults.Redirect(result.Account!.MustChangePassword ? "/account/password" : LocalRedirect.Target(returnUrl));
    }

    private static async Task<IResult> ChangePassword([FromForm] string? current, [FromForm] string? password, [FromForm] string? confirm,
        HttpContext context, StaffService staff, IStaffStore store, TextCatalog catalog, CancellationToken ct)
    {
        var id = Guid.Parse(context.User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var account = await store.FindAsync(id, ct);
        var t = catalog.For(TextCatalog.LanguageOf(context));
        string? problem = null;
        if (account is null || !staff.VerifyPassword(account, current ?? "")) problem = t["password.wrongCurrent"];
        else if (StaffService.PasswordProblem(password) is not null) problem = t.Format("password.tooShort", ("n", StaffService.MinPasswordLength));
        else if (password != confirm) problem = t["password.mismatch"];
        else if (password == current) problem = t["password.same"];
        if (problem is not null) return ServerPages.Render<PasswordPage>(context, new { Error = problem }, StatusCodes.Status400BadRequest);

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
}
