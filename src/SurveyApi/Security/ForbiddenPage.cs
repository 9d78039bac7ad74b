using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ParSurvey.SurveyApi.Security;

/// <summary>
/// What a signed-in person sees on a page their role may not open: a plain 403 page in Vietnamese and English with a
/// way back, not the sign-in form again (which suggests a wrong password) and never a stack trace.
/// </summary>
public static class ForbiddenPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static IResult Result(HttpContext context)
    {
        var who = context.User.Actor();
        var html = $"""
            <!doctype html>
            <html lang="vi">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Không có quyền truy cập – ParSurvey</title>
              <link rel="stylesheet" href="/site.css">
            </head>
            <body><main class="narrow">
              <h1>Không có quyền truy cập</h1>
              <p>Tài khoản <strong>{Html.Encode(who)}</strong> không được phép mở trang này. Nếu cần, hãy liên hệ quản trị viên.</p>
              <p lang="en">Access denied: this account may not open this page.</p>
              <p><a href="/">Về trang đầu / Back to the start page</a></p>
            </main></body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
    }
}
