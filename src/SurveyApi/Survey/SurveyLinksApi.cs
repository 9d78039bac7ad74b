using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Survey;

/// <summary>Signed QR links: a counter's poster link, and one-time links printed on a dossier receipt (biên nhận).</summary>
public static class SurveyLinksApi
{
    public sealed record CreateLink(
        [property: Description("Counter (quầy); a kiosk device may leave it out for its own counter.")] string? CounterId,
        [property: Description("Dossier (hồ sơ) receipt number: makes a one-time link with an expiry. Leave out for a counter poster.")] string? DossierNumber,
        [property: Description("Hours a dossier link stays valid (default 168).")] int? ValidHours);

    public sealed record LinkView(string Token, string Url, string UnitId, string CounterId, string? DossierNumber, DateTimeOffset? ExpiresAt);

    public sealed record SurveyInfo(string Status, string? UnitName, string? CounterId, string? CounterName,
        IReadOnlyList<Field>? Fields, CatalogView.ScaleView? Scale, IReadOnlyList<Reason>? Reasons, DateTimeOffset? ExpiresAt);

    public static IEndpointRouteBuilder MapSurveyLinks(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/qr-links").WithTags("QR links").RequireAuthorization(Policies.QrLinks)
            .MapPost("/", Create)
            .WithSummary("Sign a QR link for a counter poster (admins, supervisors) or a dossier receipt (also the counter's device)")
            .WithDescription("Answers the link as JSON, or with ?format=png or ?format=svg the QR code itself, ready to print on the receipt.");

        var posters = routes.MapGroup("").RequireAuthorization(Policies.Posters);
        posters.MapGet("/api/counters/{counterId}/qr.png", (string counterId, HttpContext c, SurveyTokens t, CatalogProvider k, IOptions<SecurityOptions> o) =>
                PosterImage(counterId, c, t, k, o, png: true))
            .WithTags("QR links").WithSummary("The counter poster's QR code as PNG");
        posters.MapGet("/api/counters/{counterId}/qr.svg", (string counterId, HttpContext c, SurveyTokens t, CatalogProvider k, IOptions<SecurityOptions> o) =>
                PosterImage(counterId, c, t, k, o, png: false))
            .WithTags("QR links").WithSummary("The counter poster's QR code as SVG");
        posters.MapGet("/counters/{counterId}/poster", PosterPage.Render).ExcludeFromDescription();

        routes.MapGroup("/api/survey").WithTags("QR links").AllowAnonymous()
            .MapGet("/{token}", Describe)
            .WithSummary("What a QR link is for, and whether it can still be used: status ok, used, expired or invalid");
        return routes;
    }

    /// <summary>The signed address of a counter's poster: the same every time, as long as the signing key stays.</summary>
    public static string PosterUrl(Counter counter, SurveyTokens tokens, SecurityOptions options) =>
        options.PublicBaseUrl.TrimEnd('/') + "/s/" + tokens.Sign(new SurveyToken(counter.UnitId, counter.Id, null, null));

    public static bool MayPrint(System.Security.Claims.ClaimsPrincipal user, SurveyCatalog catalog, Counter counter) =>
        user.RoleOf() == Roles.Admin || user.MaySee(catalog, counter.UnitId);

    private static IResult PosterImage(string counterId, HttpContext context, SurveyTokens tokens, CatalogProvider catalogs,
        IOptions<SecurityOptions> options, bool png)
    {
        var catalog = catalogs.Current;
        if (catalog.FindCounter(counterId) is not { } counter || !MayPrint(context.User, catalog, counter))
            return TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found", detail: $"Không có quầy '{counterId}' trong phạm vi của bạn / no counter '{counterId}' within your units");
        var url = PosterUrl(counter, tokens, options.Value);
        return png ? TypedResults.File(QrImages.Png(url), "image/png", $"qr-{counter.Id}.png")
                   : TypedResults.Text(QrImages.Svg(url), "image/svg+xml", System.Text.Encoding.UTF8);
    }

    private static async Task<IResult> Create(CreateLink request, string? format, HttpContext context,
        SurveyTokens tokens, CatalogProvider catalogs, IOptions<SecurityOptions> options, TimeProvider clock, AuditTrail audit, CancellationToken ct)
    {
        if (format is not (null or "json" or "png" or "svg"))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["json, png hoặc svg / json, png or svg"] });
        var user = context.User;
        var catalog = catalogs.Current;
        var isDevice = user.KindOf() == ParSurveyClaims.DeviceKind;
        var counterId = string.IsNullOrWhiteSpace(request.CounterId) ? (isDevice ? user.CounterOf() : null) : request.CounterId.Trim();
        var dossier = string.IsNullOrWhiteSpace(request.DossierNumber) ? null : request.DossierNumber.Trim();
        var errors = new Dictionary<string, string[]>();
        var counter = counterId is null ? null : catalog.FindCounter(counterId);
        if (counter is null) errors["counterId"] = ["Cần một quầy có trong danh mục / a counter from the catalog is required"];
        if (dossier is { Length: > 64 } || dossier?.Any(c => c > 127 || char.IsControl(c)) == true)
            errors["dossierNumber"] = ["Số hồ sơ tối đa 64 ký tự ASCII / at most 64 ASCII characters"];
        if (request.ValidHours is < 1 or > 24 * 366) errors["validHours"] = ["Từ 1 đến 8784 giờ / from 1 to 8784 hours"];
        if (dossier is null && request.ValidHours is not null) errors["validHours"] = ["Chỉ dùng cho liên kết theo hồ sơ / only for dossier links"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Liên kết không hợp lệ / Invalid link request");

        var allowed = isDevice
            ? counter!.Id == user.CounterOf() && dossier is not null
            : user.RoleOf() == Roles.Admin || user.MaySee(catalog, counter!.UnitId);
        if (!allowed)
            return TypedResults.Problem(statusCode: 403, title: "Không có quyền / Forbidden",
                detail: isDevice ? "Thiết bị chỉ tạo liên kết theo hồ sơ cho quầy của mình / a device creates dossier links for its own counter only"
                                 : "Quầy này không thuộc đơn vị của bạn / this counter is not in your unit");

        DateTimeOffset? expires = dossier is null ? null : clock.GetUtcNow().AddHours(request.ValidHours ?? options.Value.DossierLinkHours);
        var token = tokens.Sign(new SurveyToken(counter!.UnitId, counter.Id, dossier, expires?.ToUnixTimeSeconds()));
        // A poster link has no dossier and no expiry, so it is the same link every time it is asked for.
        var url = options.Value.PublicBaseUrl.TrimEnd('/') + "/s/" + token;
        if (dossier is null) await audit.RecordAsync(user.Actor(), "qr.poster", $"counter:{counter.Id}", null, ct);
        return format switch
        {
            "png" => TypedResults.File(QrImages.Png(url), "image/png"),
            "svg" => TypedResults.Text(QrImages.Svg(url), "image/svg+xml", System.Text.Encoding.UTF8),
            _ => TypedResults.Created(url, new LinkView(token, url, counter.UnitId, counter.Id, dossier,
                expires is null ? null : DateTimeOffset.FromUnixTimeSeconds(expires.Value.ToUnixTimeSeconds()))),
        };
    }

    private static async Task<Ok<SurveyInfo>> Describe(string token, SurveyTokens tokens, CatalogProvider catalogs, IRatingStore store,
        TimeProvider clock, CancellationToken ct)
    {
        var check = tokens.Check(token, clock.GetUtcNow(), out var t);
        var catalog = catalogs.Current;
        if (check == TokenCheck.Expired) return TypedResults.Ok(new SurveyInfo("expired", null, null, null, null, null, null, t?.ExpiresAt));
        if (check != TokenCheck.Valid || catalog.FindCounter(t!.CounterId) is not { } counter)
            return TypedResults.Ok(new SurveyInfo("invalid", null, null, null, null, null, null, null));
        var status = t.OneTimeId is { } id && await store.IsTokenUsedAsync(id, ct) ? "used" : "ok";
        var scale = catalog.ScaleOf(counter.UnitId);
        return TypedResults.Ok(new SurveyInfo(status, catalog.FindUnit(counter.UnitId)?.Name, counter.Id, counter.Name,
            counter.FieldCodes.Select(code => catalog.FindField(code)!).ToArray(), new CatalogView.ScaleView(scale.Id, scale.Name, scale.Levels),
            catalog.Reasons, t.ExpiresAt));
    }
}
