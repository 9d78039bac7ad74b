using Microsoft.Extensions.FileProviders;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Survey;

namespace ParSurvey.SurveyApi.KioskPages;

/// <summary>
/// The citizen-facing pages of src/Kiosk at short addresses: /kiosk for the counter tablet, /s/{token} for a QR link
/// (the address printed in the code), and the kiosk's service worker at the root so it may serve /kiosk offline.
/// </summary>
public static class KioskPagesApi
{
    /// <param name="TrackingUrl">Where a citizen looks up feedback filed at the kiosk: the public address, /phan-anh.</param>
    public sealed record KioskConfig(double CooldownSeconds, double ThankYouSeconds, double FollowUpSeconds, double IdleSeconds, string TrackingUrl);

    /// <summary>The paired tablet as the server knows it: answered while its key is valid, 401 once it is revoked.</summary>
    public sealed record KioskDevice(string DeviceId, string CounterId, string UnitId);

    public static IEndpointRouteBuilder MapKioskPages(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/kiosk", (IWebHostEnvironment env) => Asset(env, "kiosk.html", "text/html; charset=utf-8"));
        pages.MapGet("/s/{token}", (IWebHostEnvironment env, HttpContext context, PhoneCookie phones) =>
        {
            phones.Ensure(context);
            return Asset(env, "survey.html", "text/html; charset=utf-8");
        });
        pages.MapGet("/kiosk-sw.js", (IWebHostEnvironment env) => Asset(env, "kiosk-sw.js", "text/javascript; charset=utf-8"));

        routes.MapGroup("/api/kiosk").WithTags("Kiosk").AllowAnonymous()
            .MapGet("/config", (IOptions<KioskOptions> options, PublicAddress publicAddress) =>
                TypedResults.Ok(new KioskConfig(options.Value.CooldownSeconds, options.Value.ThankYouSeconds, options.Value.FollowUpSeconds,
                    options.Value.IdleSeconds, publicAddress.BaseUrl + "/phan-anh")))
            .WithSummary("How the kiosk page behaves: cooldown after a rating, thank-you, follow-up and idle timings");
        // A tablet with nothing to send still learns within seconds that it was revoked, before a citizen taps it.
        routes.MapGroup("/api/kiosk").WithTags("Kiosk").RequireAuthorization(Policies.Device)
            .MapGet("/device", (ClaimsPrincipal user) => TypedResults.Ok(new KioskDevice(
                user.FindFirstValue(ParSurveyClaims.Device)!, user.CounterOf()!, user.UnitOf()!)))
            .WithSummary("The calling kiosk device (Authorization: Device <key>): 200 while paired, 401 once revoked");
        return routes;
    }

    private static IResult Asset(IWebHostEnvironment env, string file, string contentType)
    {
        var info = env.WebRootFileProvider.GetFileInfo($"_content/Kiosk/{file}");
        if (!info.Exists) return TypedResults.NotFound();
        // Pages change with releases; never let a tablet keep a stale copy outside the service worker's control.
        return TypedResults.Stream(info.CreateReadStream(), contentType);
    }
}
