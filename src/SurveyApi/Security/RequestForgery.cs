using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ParSurvey.SurveyApi.Security;

/// <summary>
/// Cross-site request forgery: every state change (POST, PUT, PATCH, DELETE) made with the staff sign-in cookie must
/// prove it comes from our own pages — by an antiforgery token (form field, or the <see cref="HeaderName"/> header for
/// fetch calls and scripts; <c>GET /api/antiforgery</c> hands one out) or by the browser saying the request is
/// same-origin (an <c>Origin</c> equal to this server's, or, where our no-referrer policy makes the browser send
/// <c>Origin: null</c>, <c>Sec-Fetch-Site: same-origin</c>). A foreign <c>Origin</c> is refused whatever else is sent.
/// Device-key and survey-link requests carry no cookie credential and are not concerned; SameSite=Strict stays as a
/// second wall, not the only one (body-less endpoints such as disable or logout had no other).
/// </summary>
public static class RequestForgery
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public sealed record AntiforgeryToken(string HeaderName, string Token);

    public static IApplicationBuilder UseRequestForgeryGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsStateChange(context.Request.Method) && IsCookieAuthenticated(context) && !IsHubTransport(context)
            && await Verdict(context) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    public static IEndpointRouteBuilder MapAntiforgeryToken(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/antiforgery").WithTags("Sign-in").RequireAuthorization(Policies.SignedIn)
            .MapGet("/", (HttpContext context, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(context);
                context.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(new AntiforgeryToken(HeaderName, tokens.RequestToken!));
            })
            .WithSummary("A token for scripts: send it in the X-CSRF-TOKEN header with every POST/PUT/PATCH/DELETE made with the sign-in cookie")
            .WithDescription("Also sets the antiforgery cookie the token is paired with; fetch it again after signing in. Pages of this server " +
                             "need not: their same-origin requests are recognised by the browser's Origin / Sec-Fetch-Site headers.");
        return routes;
    }

    private static bool IsStateChange(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static bool IsCookieAuthenticated(HttpContext context) =>
        context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme);

    // SignalR's negotiate and long-polling POSTs change nothing (the board hub only reads); the hub is guarded by
    // SameSite=Strict and by the session check (SessionHubFilter), and browsers cannot read cross-origin answers.
    private static bool IsHubTransport(HttpContext context) => context.Request.Path.StartsWithSegments("/hubs");

    private static async Task<ProblemHttpResult?> Verdict(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && origin != "null")
            return IsOwnOrigin(context, origin) ? null : Refuse("Origin", $"Nguồn {origin} không phải trang của máy chủ này / origin {origin} is not this server");
        if (context.Request.Headers["Sec-Fetch-Site"].ToString() == "same-origin") return null;
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Refuse(HeaderName,
                $"Thiếu hoặc sai mã chống giả mạo: gửi tiêu đề {HeaderName} lấy từ GET /api/antiforgery / missing or wrong antiforgery token: " +
                $"send the {HeaderName} header from GET /api/antiforgery");
        }
    }

    private static bool IsOwnOrigin(HttpContext context, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var claimed)) return false;
        var own = $"{context.Request.Scheme}://{context.Request.Host}";
        if (Uri.TryCreate(own, UriKind.Absolute, out var ownUri) && SameOrigin(claimed, ownUri)) return true;
        var publicBase = context.RequestServices.GetRequiredService<PublicAddress>().BaseUrl;
        return Uri.TryCreate(publicBase, UriKind.Absolute, out var configured) && SameOrigin(claimed, configured);
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    private static ProblemHttpResult Refuse(string field, string detail) => TypedResults.Problem(
        title: "Yêu cầu không đến từ trang của ParSurvey / Request not from a ParSurvey page",
        detail: detail,
        statusCode: StatusCodes.Status403Forbidden,
        extensions: new Dictionary<string, object?> { ["code"] = "antiforgery", ["field"] = field });
}
