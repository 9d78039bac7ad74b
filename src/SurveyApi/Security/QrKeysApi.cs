using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Security;

/// <summary>Rotating the QR signing key: add a new key (new links use it), later retire the old one (its links stop working).</summary>
public static class QrKeysApi
{
    /// <param name="Active">Signs new links (the newest key not retired).</param>
    public sealed record KeyView(string Id, DateTimeOffset CreatedAt, DateTimeOffset CreatedAtLocal, string CreatedBy, DateTimeOffset? RetiredAt,
        string? RetiredBy, bool Active);

    public static IEndpointRouteBuilder MapQrKeys(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/admin/qr-keys").WithTags("QR links").RequireAuthorization(Policies.Admin);
        api.MapGet("/", List).WithSummary("The QR signing keys (ids and dates, never the secrets), which one signs new links");
        api.MapPost("/", Add).WithSummary("Add a signing key: links made from now on use it; links signed with older keys keep working");
        api.MapPost("/{id}/retire", Retire)
            .WithSummary("Retire a key: every link signed with it is refused (posters to reprint). The key signing new links cannot be retired");
        return routes;
    }

    private static async Task<Ok<KeyView[]>> List(QrKeyRing ring, CancellationToken ct)
    {
        var keys = await ring.KeysAsync(ct);
        var active = (await ring.ActiveAsync(ct)).Id;
        return TypedResults.Ok(keys.Select(k => View(k, active)).ToArray());
    }

    private static async Task<Created<KeyView>> Add(HttpContext context, QrKeyRing ring, CancellationToken ct)
    {
        var key = await ring.AddAsync(context.User.Actor(), ct);
        return TypedResults.Created($"/api/admin/qr-keys/{key.Id}", View(key, key.Id));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Retire(string id, HttpContext context, QrKeyRing ring, CancellationToken ct) =>
        await ring.RetireAsync(id, context.User.Actor(), ct) switch
        {
            RetireOutcome.Retired => TypedResults.NoContent(),
            RetireOutcome.InUse => TypedResults.Problem(statusCode: 409, title: "Khóa đang dùng / Key in use",
                detail: "Khóa này đang ký các liên kết mới; thêm khóa mới trước (POST /api/admin/qr-keys) / this key signs new links; add a new key first"),
            _ => TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found", detail: $"Không có khóa '{id}' chưa thu hồi / no unretired key '{id}'"),
        };

    private static KeyView View(QrSigningKey k, string activeId) =>
        new(k.Id, k.CreatedAt, VietnamTime.ToLocal(k.CreatedAt), k.CreatedBy, k.RetiredAt, k.RetiredBy, k.Id == activeId);
}
