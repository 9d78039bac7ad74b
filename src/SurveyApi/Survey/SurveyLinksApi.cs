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

    /// <param name="PosterId">For a counter poster: the poster's id, to revoke it with DELETE /api/qr-links/posters/{id}.</param>
    public sealed record LinkView(string Token, string Url, string UnitId, string CounterId, string? DossierNumber, DateTimeOffset? ExpiresAt,
        Guid? PosterId = null);

    /// <param name="CreatedAtLocal">The same instant in Vietnam time (UTC+7).</param>
    public sealed record PosterView(Guid Id, string CounterId, string UnitId, DateTimeOffset CreatedAt, DateTimeOffset CreatedAtLocal, string CreatedBy,
        DateTimeOffset? RevokedAt, string? RevokedBy, bool Current);

    /// <param name="Status">ok, used (a dossier link rated already), already-rated (this phone rated this counter's poster
    /// within ParSurvey:Survey:RepeatMinutes: <paramref name="RateAgainAt"/> says when it may again), expired, revoked or invalid.</param>
    public sealed record SurveyInfo(string Status, string? UnitName, string? CounterId, string? CounterName,
        IReadOnlyList<Field>? Fields, CatalogView.ScaleView? Scale, IReadOnlyList<Reason>? Reasons, DateTimeOffset? ExpiresAt,
        DateTimeOffset? RateAgainAt = null);

    public static IEndpointRouteBuilder MapSurveyLinks(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/qr-links").WithTags("QR links").RequireAuthorization(Policies.QrLinks)
            .MapPost("/", Create)
            .WithSummary("Sign a QR link for a counter poster (admins, supervisors) or a dossier receipt (also the counter's device)")
            .WithDescription("Answers the link as JSON, or with ?format=png or ?format=svg the QR code itself, ready to print on the receipt.");

        var posters = routes.MapGroup("").RequireAuthorization(Policies.Posters);
        posters.MapGet("/api/counters/{counterId}/qr.png", (string counterId, HttpContext c, PosterLinks p, CatalogProvider k, CancellationToken ct) =>
                PosterImage(counterId, c, p, k, png: true, ct))
            .WithTags("QR links").WithSummary("The counter poster's QR code as PNG");
        posters.MapGet("/api/counters/{counterId}/qr.svg", (string counterId, HttpContext c, PosterLinks p, CatalogProvider k, CancellationToken ct) =>
                PosterImage(counterId, c, p, k, png: false, ct))
            .WithTags("QR links").WithSummary("The counter poster's QR code as SVG");
        posters.MapGet("/api/qr-links/posters", ListPosters).WithTags("QR links")
            .WithSummary("Poster links of a counter, or of every counter in reach, newest first, revoked ones too");
        posters.MapDelete("/api/qr-links/posters/{id:guid}", RevokePoster).WithTags("QR links")
            .WithSummary("Revoke one poster link: phones scanning it are refused (code \"revoked\"); the counter's next poster gets a new link");
        posters.MapGet("/counters/{counterId}/poster", PosterPage.Render).ExcludeFromDescription();
        posters.MapGet("/admin/posters/print/{unitId}", PosterPage.RenderUnit).ExcludeFromDescription();
        posters.MapGet("/counters/{counterId}/poster.pdf", PosterPdf.Render).WithTags("QR links").WithSummary("The counter's A5 QR poster as PDF");
        posters.MapGet("/admin/posters/pdf/{unitId}", PosterPdf.RenderUnit).WithTags("QR links")
            .WithSummary("Every A5 QR poster of a unit and its sub-units as one PDF, one page a counter");

        routes.MapGroup("/api/survey").WithTags("QR links").AllowAnonymous()
            .MapGet("/{token}", Describe)
            .WithSummary("What a QR link is for, and whether it can still be used: status ok, used, already-rated (with rateAgainAt), expired, revoked or invalid");
        return routes;
    }

    public static bool MayPrint(System.Security.Claims.ClaimsPrincipal user, SurveyCatalog catalog, Counter counter) =>
        user.RoleOf() == Roles.Admin || user.MaySee(catalog, counter.UnitId);

    private static async Task<IResult> PosterImage(string counterId, HttpContext context, PosterLinks posters, CatalogProvider catalogs, bool png,
        CancellationToken ct)
    {
        var catalog = catalogs.Current;
        if (catalog.FindCounter(counterId) is not { } counter || !MayPrint(context.User, catalog, counter))
            return TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found", detail: $"Không có quầy '{counterId}' trong phạm vi của bạn / no counter '{counterId}' within your units");
        var (_, _, url) = await posters.CurrentAsync(counter, context.User.Actor(), ct);
        return png ? TypedResults.File(QrImages.Png(url), "image/png", $"qr-{counter.Id}.png")
                   : TypedResults.Text(QrImages.Svg(url), "image/svg+xml", System.Text.Encoding.UTF8);
    }

    private static async Task<Results<Ok<PosterView[]>, ValidationProblem>> ListPosters(string? counterId, HttpContext context, IPosterStore store,
        CatalogProvider catalogs, CancellationToken ct)
    {
        var catalog = catalogs.Current;
        var inReach = catalog.Counters.Where(c => MayPrint(context.User, catalog, c)).Select(c => c.Id).ToList();
        if (!string.IsNullOrWhiteSpace(counterId))
        {
            if (!inReach.Contains(counterId.Trim()))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                    { ["counterId"] = [$"Không có quầy '{counterId}' trong phạm vi của bạn / no counter '{counterId}' within your units"] });
            inReach = [counterId.Trim()];
        }
        var all = await store.ListAsync(inReach, ct);
        var current = all.Where(p => !p.IsRevoked).GroupBy(p => p.CounterId).Select(g => g.MaxBy(p => p.CreatedAt)!.Id).ToHashSet();
        return TypedResults.Ok(all.Select(p => new PosterView(p.Id, p.CounterId, p.UnitId, p.CreatedAt, VietnamTime.ToLocal(p.CreatedAt), p.CreatedBy,
            p.RevokedAt, p.RevokedBy, current.Contains(p.Id))).ToArray());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokePoster(Guid id, HttpContext context, IPosterStore store, PosterLinks posters,
        CatalogProvider catalogs, CancellationToken ct)
    {
        var catalog = catalogs.Current;
        var poster = await store.FindAsync(id, ct);
        var inReach = poster is not null && (context.User.RoleOf() == Roles.Admin ||
                                             (catalog.FindCounter(poster.CounterId) is { } counter && MayPrint(context.User, catalog, counter)));
        if (!inReach || !await posters.RevokeAsync(poster!, context.User.Actor(), ct))
            return TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found",
                detail: $"Không có liên kết poster {id} còn hiệu lực trong phạm vi của bạn / no unrevoked poster link {id} within your units");
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Create(CreateLink request, string? format, HttpContext context, SurveyTokens tokens, PosterLinks posters,
        CatalogProvider catalogs, IOptions<SecurityOptions> options, TimeProvider clock, AuditTrail audit, CancellationToken ct)
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
        string token, url;
        Guid? posterId = null;
        if (dossier is null)
        {
            // A poster link names the counter's current poster, so it stays the same until that poster is revoked.
            PosterLink poster;
            (poster, token, url) = await posters.CurrentAsync(counter!, user.Actor(), ct);
            posterId = poster.Id;
            await audit.RecordAsync(user.Actor(), "qr.poster", $"counter:{counter!.Id}", $"poster {poster.Id:N}", ct);
        }
        else
        {
            token = await tokens.SignAsync(new SurveyToken(counter!.UnitId, counter.Id, dossier, expires?.ToUnixTimeSeconds()), ct);
            url = context.RequestServices.GetRequiredService<PublicAddress>().BaseUrl + "/s/" + token;
        }
        return format switch
        {
            "png" => TypedResults.File(QrImages.Png(url), "image/png"),
            "svg" => TypedResults.Text(QrImages.Svg(url), "image/svg+xml", System.Text.Encoding.UTF8),
            _ => TypedResults.Created(url, new LinkView(token, url, counter!.UnitId, counter.Id, dossier,
                expires is null ? null : DateTimeOffset.FromUnixTimeSeconds(expires.Value.ToUnixTimeSeconds()), posterId)),
        };
    }

    private static async Task<Ok<SurveyInfo>> Describe(string token, HttpContext context, SurveyTokens tokens, CatalogProvider catalogs,
        IRatingStore store, RepeatGuard repeats, TimeProvider clock, CancellationToken ct)
    {
        var (check, t) = await tokens.CheckAsync(token, clock.GetUtcNow(), ct);
        var catalog = catalogs.Current;
        if (check == TokenCheck.Expired) return TypedResults.Ok(new SurveyInfo("expired", null, null, null, null, null, null, t?.ExpiresAt));
        if (check is TokenCheck.Revoked or TokenCheck.Retired) return TypedResults.Ok(new SurveyInfo("revoked", null, null, null, null, null, null, null));
        if (check != TokenCheck.Valid || catalog.FindCounter(t!.CounterId) is not { } counter)
            return TypedResults.Ok(new SurveyInfo("invalid", null, null, null, null, null, null, null));
        var rateAgainAt = t.OneTimeId is null ? repeats.RatedUntil(context, counter.Id) : null;
        var status = t.OneTimeId is { } id && await store.IsTokenUsedAsync(id, ct) ? "used" : rateAgainAt is not null ? "already-rated" : "ok";
        var scale = catalog.ScaleOf(counter.UnitId);
        return TypedResults.Ok(new SurveyInfo(status, catalog.FindUnit(counter.UnitId)?.Name, counter.Id, counter.Name,
            counter.FieldCodes.Select(code => catalog.FindField(code)!).ToArray(), new CatalogView.ScaleView(scale.Id, scale.Name, scale.Levels),
            catalog.Reasons, t.ExpiresAt, rateAgainAt));
    }
}
