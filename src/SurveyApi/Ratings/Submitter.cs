using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ParSurvey.SurveyApi.Security;

namespace ParSurvey.SurveyApi.Ratings;

/// <summary>Who sends a rating, and what that allows: a kiosk device its own counter on channel kiosk; a QR link its counter on channel qr.</summary>
/// <param name="DeviceId">The kiosk device's id; null for a QR link. Stored with the rating for the press filter.</param>
public sealed record Submitter(string Kind, string CounterId, string? OneTimeToken, string? DeviceId)
{
    public static Submitter From(ClaimsPrincipal user) =>
        new(user.KindOf()!, user.CounterOf()!, user.FindFirstValue(ParSurveyClaims.OneTimeToken),
            user.KindOf() == ParSurveyClaims.DeviceKind ? user.FindFirstValue(ParSurveyClaims.Device) : null);

    private bool IsDevice => Kind == ParSurveyClaims.DeviceKind;

    /// <summary>A citizen's phone holding a QR link (a counter poster, or a dossier receipt when <see cref="OneTimeToken"/> is set).</summary>
    public bool IsSurvey => Kind == ParSurveyClaims.SurveyKind;

    /// <returns>null when the rating is this submitter's to give; otherwise the refusal.</returns>
    public ProblemHttpResult? Refuse(Rating rating)
    {
        var channel = IsDevice ? Channels.Kiosk : Channels.Qr;
        if (rating.Channel != channel)
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["channel"] = [IsDevice
                    ? "Thiết bị tại quầy gửi kênh 'kiosk' / a kiosk device sends channel 'kiosk'"
                    : "Đánh giá qua mã QR gửi kênh 'qr' / a rating through a QR link sends channel 'qr'"],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Đánh giá không hợp lệ, chưa được lưu / Invalid rating, nothing was stored",
                Detail = $"channel must be '{channel}'",
            });
        if (rating.CounterId != CounterId)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Không có quyền / Forbidden",
                detail: IsDevice
                    ? $"Thiết bị này được ghép với quầy '{CounterId}', không phải '{rating.CounterId}' / this device is paired with counter '{CounterId}', not '{rating.CounterId}'"
                    : $"Liên kết này dành cho quầy '{CounterId}' / this link is for counter '{CounterId}'");
        return null;
    }

    public Rating Stamp(Rating rating) => rating with { TokenId = OneTimeToken, DeviceId = DeviceId };

    public static ProblemDetails TokenUsedProblem() => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Liên kết đã được sử dụng / This link has been used",
        Detail = "Hồ sơ này đã được đánh giá. Cảm ơn Ông/Bà! / this dossier has already been rated. Thank you!",
        Extensions = { ["code"] = "used" },
    };
}
