using Microsoft.AspNetCore.Mvc;
using ParSurvey.SurveyApi.Language;
using ParSurvey.SurveyApi.Pages;
using ParSurvey.SurveyApi.Pages.Staff;
using ParSurvey.SurveyApi.Security;
using static ParSurvey.SurveyApi.Staff.LoginPages;

namespace ParSurvey.SurveyApi.Staff;

/// <summary>The page an invitation link opens (<see cref="InvitationPage"/>): the new colleague chooses a password and is signed in. No script.</summary>
public static class InvitationPages
{
    public static IEndpointRouteBuilder MapInvitationPages(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("/invite").WithTags("Sign-in").ExcludeFromDescription().AllowAnonymous().RequireRateLimiting(RateLimits.Login);
        pages.MapGet("/{token}", async (string token, HttpContext context, StaffAdministration administration, CancellationToken ct) =>
            await administration.InvitedAsync(token, ct) is { } account
                ? ServerPages.Render<InvitationPage>(context, new { account.Email })
                : Unusable(context));
        pages.MapPost("/{token}", Accept);
        return routes;
    }

    private static IResult Unusable(HttpContext context) => ServerPages.Render<InvitationPage>(context, status: StatusCodes.Status404NotFound);

    private static async Task<IResult> Accept(string token, [FromForm] string? password, [FromForm] string? confirm, HttpContext context,
        StaffAdministration administration, StaffSessions sessions, TextCatalog catalog, CancellationToken ct)
    {
        if (await administration.InvitedAsync(token, ct) is not { } account) return Unusable(context);
        var t = catalog.For(TextCatalog.LanguageOf(context));
        var problem = StaffService.PasswordProblem(password) is not null ? t.Format("password.tooShort", ("n", StaffService.MinPasswordLength))
            : password != confirm ? t["password.mismatch"] : null;
        if (problem is not null)
            return ServerPages.Render<InvitationPage>(context, new { account.Email, Error = problem }, StatusCodes.Status400BadRequest);
        if (await administration.AcceptInvitationAsync(token, password!, ct) is not { } ready) return Unusable(context);
        await SignInCookieAsync(context, ready, await sessions.StartAsync(ready, context.Request.Headers.UserAgent.ToString(), ct));
        return TypedResults.Redirect("/");
    }
}
