using System.ComponentModel;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.Survey;
using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Devices;

public static class DevicesApi
{
    public sealed record CreateDevice([property: Description("Counter (quầy) the tablet stands at.")] string? CounterId,
        [property: Description("A name staff recognise, e.g. 'Máy tính bảng quầy 1'.")] string? Name);
    /// <param name="Online">A heartbeat arrived within the last 2 minutes.</param>
    /// <param name="Pending">Ratings waiting in the tablet's outbox at its last heartbeat.</param>
    public sealed record DeviceView(Guid Id, string CounterId, string? UnitId, string Name, string State, bool Online, DateTimeOffset? LastSeenAt,
        int? Pending, string? PageVersion, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? PairedAt, DateTimeOffset? RevokedAt)
    {
        public static DeviceView From(Device d, SurveyCatalog catalog, DateTimeOffset now) => new(d.Id, d.CounterId, catalog.FindCounter(d.CounterId)?.UnitId,
            d.Name, d.State, d.IsOnline(now), d.LastSeenAt, d.Pending, d.PageVersion, d.CreatedAt, d.CreatedBy, d.PairedAt, d.RevokedAt);
    }
    /// <param name="PairingUrl">The kiosk address with the code, for the tablet's camera.</param>
    /// <param name="PairingQr">That address as a QR code (PNG data URL).</param>
    public sealed record CreatedDevice(Guid Id, string CounterId, string Name, string PairingCode, DateTimeOffset PairingExpiresAt,
        string PairingUrl, string PairingQr);
    public sealed record ChangeDevice([property: Description("A new name; leave out to keep it.")] string? Name,
        [property: Description("Move the tablet to this counter; leave out to keep it.")] string? CounterId);
    public sealed record Heartbeat([property: Description("Ratings waiting in the tablet's outbox.")] int? Pending,
        [property: Description("The kiosk page's version, e.g. '2026.11.3'.")] string? Version);
    public sealed record PairRequest([property: Description("The code shown to the admin, e.g. ABCD-EFGH.")] string? PairingCode);
    public sealed record PairResponse(Guid DeviceId, string DeviceKey, string CounterId, string UnitId);

    public static IEndpointRouteBuilder MapDevices(this IEndpointRouteBuilder routes)
    {
        // Admins manage every tablet; a supervisor those of their own units' counters.
        var admin = routes.MapGroup("/api/admin/devices").WithTags("Devices").RequireAuthorization(Policies.Posters);
        admin.MapGet("/", async (ClaimsPrincipal user, IDeviceStore store, CatalogProvider catalogs, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok((await store.ListAsync(ct)).Where(d => MayManage(user, catalogs.Current, d.CounterId))
                    .Select(d => DeviceView.From(d, catalogs.Current, clock.GetUtcNow())).ToArray()))
            .WithSummary("List kiosk devices with their state: online (heartbeat within 2 minutes), last seen, outbox, page version");
        admin.MapPost("/", Create).WithSummary("Create a kiosk device for a counter and get its one-time pairing code");
        admin.MapPatch("/{id:guid}", Change).WithSummary("Rename a device or move it to another counter");
        admin.MapDelete("/{id:guid}", Revoke).WithSummary("Revoke a device: its key stops working at once");

        routes.MapGroup("/api/devices").WithTags("Devices").AllowAnonymous().RequireRateLimiting(RateLimits.Pairing)
            .MapPost("/pair", Pair)
            .WithSummary("Pair a tablet: trade the pairing code, once, for the device key it keeps");
        routes.MapGroup("/api/devices").WithTags("Devices").RequireAuthorization(Policies.Device)
            .MapPost("/heartbeat", Beat)
            .WithSummary("A paired tablet says it is online (every 30 s): ratings waiting in its outbox and its page version");
        return routes;
    }

    /// <summary>Whether a staff member manages the tablets of a counter: admins all, a supervisor their own units'.</summary>
    private static bool MayManage(ClaimsPrincipal user, SurveyCatalog catalog, string counterId) =>
        user.RoleOf() == Roles.Admin || (catalog.FindCounter(counterId) is { } c && user.RoleOf() == Roles.Supervisor && user.MaySee(catalog, c.UnitId));

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found", detail: $"Không có thiết bị đang hoạt động {id} trong phạm vi của bạn / no active device {id} within your units");

    private static ProblemHttpResult OutOfScope() =>
        TypedResults.Problem(statusCode: 403, title: "Không có quyền / Forbidden", detail: "Quầy này không thuộc đơn vị của bạn / this counter is not in your unit");

    private static async Task<Results<Created<CreatedDevice>, ValidationProblem, ProblemHttpResult>> Create(CreateDevice request, HttpContext context,
        DeviceService devices, CatalogProvider catalog, PublicAddress publicAddress, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.CounterId) || catalog.Current.FindCounter(request.CounterId.Trim()) is null)
            errors["counterId"] = ["Cần một quầy có trong danh mục / a counter from the catalog is required"];
        var name = NameOf(request.Name, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Thiết bị không hợp lệ / Invalid device");
        if (!MayManage(context.User, catalog.Current, request.CounterId!.Trim())) return OutOfScope();

        var created = await devices.CreateAsync(request.CounterId!.Trim(), name!, context.User.Actor(), ct);
        var d = created.Device;
        var url = $"{publicAddress.BaseUrl}/kiosk?code={Uri.EscapeDataString(created.PairingCode)}";
        return TypedResults.Created($"/api/admin/devices/{d.Id}", new CreatedDevice(d.Id, d.CounterId, d.Name, created.PairingCode, d.PairingExpiresAt!.Value,
            url, "data:image/png;base64," + Convert.ToBase64String(QrImages.Png(url))));
    }

    private static string? NameOf(string? requested, Dictionary<string, string[]> errors)
    {
        var name = requested?.Trim().Normalize() is { Length: > 0 and <= 100 } n ? n : null;
        if (name is null) errors["name"] = ["Cần tên thiết bị, tối đa 100 ký tự / a device name of at most 100 characters is required"];
        return name;
    }

    private static async Task<Results<Ok<DeviceView>, ValidationProblem, ProblemHttpResult>> Change(Guid id, ChangeDevice request, HttpContext context,
        IDeviceStore store, DeviceService devices, CatalogProvider catalogs, TimeProvider clock, CancellationToken ct)
    {
        var catalog = catalogs.Current;
        if (await store.FindAsync(id, ct) is not { RevokedAt: null } device || !MayManage(context.User, catalog, device.CounterId)) return NotFound(id);
        var errors = new Dictionary<string, string[]>();
        var name = request.Name is null ? device.Name : NameOf(request.Name, errors);
        var counterId = string.IsNullOrWhiteSpace(request.CounterId) ? device.CounterId : request.CounterId.Trim();
        if (catalog.FindCounter(counterId) is null) errors["counterId"] = [$"Không có quầy '{counterId}' trong danh mục / no counter '{counterId}' in the catalog"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Thiết bị không hợp lệ / Invalid device");
        if (!MayManage(context.User, catalog, counterId)) return OutOfScope();
        if (!await devices.UpdateAsync(device, name!, counterId, context.User.Actor(), ct)) return NotFound(id);
        return TypedResults.Ok(DeviceView.From(device with { Name = name!, CounterId = counterId }, catalog, clock.GetUtcNow()));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid id, HttpContext context, IDeviceStore store, DeviceService devices,
        CatalogProvider catalogs, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } device && MayManage(context.User, catalogs.Current, device.CounterId)
        && await devices.RevokeAsync(id, context.User.Actor(), ct)
            ? TypedResults.NoContent()
            : NotFound(id);

    private static async Task<Results<NoContent, ValidationProblem>> Beat(Heartbeat request, ClaimsPrincipal user, DeviceService devices, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Pending is not { } pending || pending is < 0 or > 1_000_000) errors["pending"] = ["Số đánh giá chờ gửi, từ 0 đến 1000000 / ratings waiting, 0 to 1000000"];
        var version = string.IsNullOrWhiteSpace(request.Version) ? null : request.Version.Trim();
        if (version is { Length: > 40 } || version?.Any(c => c is < ' ' or > '~') == true)
            errors["version"] = ["Tối đa 40 ký tự ASCII / at most 40 ASCII characters"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Nhịp tim không hợp lệ / Invalid heartbeat");
        await devices.HeartbeatAsync(Guid.Parse(user.FindFirstValue(ParSurveyClaims.Device)!), request.Pending!.Value, version, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PairResponse>, ValidationProblem, ProblemHttpResult>> Pair(PairRequest request, DeviceService devices, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.PairingCode))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["pairingCode"] = ["Bắt buộc / required"] });
        var paired = await devices.PairAsync(request.PairingCode, ct);
        if (paired is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Mã ghép nối không hợp lệ / Invalid pairing code",
                detail: "Mã không đúng, đã dùng hoặc đã hết hạn; xin quản trị viên mã mới / the code is wrong, used or expired; ask the admin for a new one");
        return TypedResults.Ok(new PairResponse(paired.Device.Id, paired.DeviceKey, paired.Device.CounterId, paired.UnitId));
    }
}
