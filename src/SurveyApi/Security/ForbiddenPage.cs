using ParSurvey.SurveyApi.Pages;

namespace ParSurvey.SurveyApi.Security;

/// <summary>
/// What a signed-in person sees on a page their role may not open (<see cref="ForbiddenView"/>): a 403 page with a way
/// back, not the sign-in form again (which suggests a wrong password) and never a stack trace.
/// </summary>
public static class ForbiddenPage
{
    public static IResult Result(HttpContext context) =>
        ServerPages.Render<ForbiddenView>(context, new { Who = context.User.Actor() }, StatusCodes.Status403Forbidden);
}
