using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.SurveyApi.Language;

namespace ParSurvey.SurveyApi.Pages;

/// <summary>
/// One way to make a server page: a Razor component (rendered on the server, no Blazor circuit or script) inside
/// <see cref="PageShell"/>, with its texts from the language catalogue and, for a form, the antiforgery token.
/// </summary>
public static class ServerPages
{
    public static IServiceCollection AddServerPages(this IServiceCollection services)
    {
        // Vietnamese letters stay readable in the page source ("Đăng nhập", not "&#x110;&#x103;ng"); markup is still
        // encoded. Only the HTML encoder: URLs (redirects, return addresses) keep the default, percent-encoding them.
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorComponents();
        services.AddSingleton<TextCatalog>();
        return services;
    }

    /// <param name="values">The page's own parameters; <c>T</c> (texts) and, when the page has one, <c>Antiforgery</c> are added.</param>
    public static RazorComponentResult<TPage> Render<TPage>(HttpContext context, object? values = null, int status = StatusCodes.Status200OK)
        where TPage : PageBase
    {
        var parameters = values is null ? new Dictionary<string, object?>() : new RouteValueDictionary(values).ToDictionary(p => p.Key, p => p.Value);
        var language = TextCatalog.LanguageOf(context);
        parameters[nameof(PageBase.T)] = context.RequestServices.GetRequiredService<TextCatalog>().For(language);
        if (typeof(FormPage).IsAssignableFrom(typeof(TPage)))
            parameters[nameof(FormPage.Antiforgery)] = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        if (context.Request.Query["lang"].ToString() == language)
            context.Response.Cookies.Append(TextCatalog.LanguageCookie, language,
                new CookieOptions { Path = "/", SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
        return new RazorComponentResult<TPage>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };
    }
}

/// <summary>A page with a form that posts back: it carries the antiforgery token.</summary>
public abstract class FormPage : PageBase
{
    [Parameter, EditorRequired] public AntiforgeryTokenSet Antiforgery { get; set; } = default!;
}
