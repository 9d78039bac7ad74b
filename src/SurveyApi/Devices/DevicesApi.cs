using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Devices;

public static class DevicesApi
{
    public sealed record CreateDevice([property: Description("Counter (quầy) the tablet stands at.")] string? CounterId,
        [property: Description("A name staff recognise, e.g. 'Máy tính bảng quầy 1'.")] string? Name);
    public sealed record DeviceView(Guid Id, string CounterId, string Name, string State, DateTimeOffset CreatedAt, string CreatedBy,
        DateTimeOffset? PairedAt, DateTimeOffset? RevokedAt)
    {
        public static DeviceView From(Device d) => new(d.Id, d.CounterId, d.Name, d.State, d.CreatedAt, d.CreatedBy, d.PairedAt, d.RevokedAt);
    }
    public sealed record CreatedDevice(Guid Id, string CounterId, string Name, string PairingCode, DateTimeOffset PairingExpiresAt);
    public sealed record PairRequest([property: Description("The code shown to the admin, e.g. ABCD-EFGH.")] string? PairingCode);
    public sealed record PairResponse(Guid DeviceId, string DeviceKey, string CounterId, string UnitId);

    public static IEndpointRouteBuilder MapDevices(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin/devices").WithTags("Devices").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", async (IDeviceStore store, CancellationToken ct) =>
                TypedResults.Ok((await store.ListAsync(ct)).Select(DeviceView.From).ToArray()))
            .WithSummary("List kiosk devices");
        admin.MapPost("/", Create).WithSummary("Create a kiosk device for a counter and get its one-time pairing code");
        admin.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, HttpContext context, DeviceService devices, CancellationToken ct) =>
                await devices.RevokeAsync(id, context.User.Actor(), ct)
                    ? TypedResults.NoContent()
                    : TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found", detail: $"Không có thiết bị đang hoạt động {id} / no active device {id}"))
            .WithSummary("Revoke a device: its key stops working at once");

        routes.MapGroup("/api/devices").WithTags("Devices").AllowAnonymous().RequireRateLimiting(RateLimits.Pairing)
            .MapPost("/pair", Pair)
            .WithSummary("Pair a tablet: trade the pairing code, once, for the device key it keeps");
        return routes;
    }

    private static async Task<Results<Created<CreatedDevice>, ValidationProblem>> Create(CreateDevice request, HttpContext context,
        DeviceService devices, CatalogProvider catalog, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.CounterId) || catalog.Current.FindCounter(request.CounterId.Trim()) is null)
            errors["counterId"] = ["Cần một quầy có trong danh mục / a counter from the catalog is required"];
        var name = request.Name?.Trim() is { Length: > 0 and <= 100 } n ? n : null;
        if (name is null) errors["name"] = ["Cần tên thiết bị, tối đa 100 ký tự / a device name of at most 100 characters is required"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Thiết bị không hợp lệ / Invalid device");

        var created = await devices.CreateAsync(request.CounterId!.Trim(), name!, context.User.Actor(), ct);
        var d = created.Device;
        return TypedResults.Created($"/api/admin/devices/{d.Id}", new CreatedDevice(d.Id, d.CounterId, d.Name, created.PairingCode, d.PairingExpiresAt!.Value));
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
