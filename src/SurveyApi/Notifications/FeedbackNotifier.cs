using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Feedback;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Notifications;

/// <summary>
/// Writes the e-mail that tells the unit head and the city office about urgent feedback ("nhũng nhiễu, tiêu cực").
/// The citizen's contact is never in it (it is not even handed to this class), and the text goes out anonymised as on
/// the public page: a phone number or e-mail address typed into it is hidden. The full item is in the console.
/// </summary>
public sealed class FeedbackNotifier(IOptions<NotificationOptions> options, PublicAddress publicAddress)
{
    public const string UrgentKind = "feedback-urgent";

    /// <summary>The nearest unit head up the tree (the unit's own, else its parent's …) and the city office; distinct.</summary>
    public IReadOnlyList<string> RecipientsFor(SurveyCatalog catalog, string unitId)
    {
        var to = new List<string>();
        for (var unit = catalog.FindUnit(unitId); unit is not null; unit = unit.ParentId is null ? null : catalog.FindUnit(unit.ParentId))
            if (options.Value.UnitHeads.TryGetValue(unit.Id, out var head) && !string.IsNullOrWhiteSpace(head)) { to.Add(head.Trim()); break; }
        if (!string.IsNullOrWhiteSpace(options.Value.CityOffice)) to.Add(options.Value.CityOffice.Trim());
        return to.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>The mail for an urgent item, or null when no address is configured for it.</summary>
    public OutgoingMail? Urgent(SurveyCatalog catalog, FeedbackItem item)
    {
        var to = RecipientsFor(catalog, item.UnitId);
        if (to.Count == 0) return null;
        var unit = catalog.FindUnit(item.UnitId)?.Name ?? item.UnitId;
        var counter = item.CounterId is { } c ? catalog.FindCounter(c)?.Name ?? c : null;
        var category = catalog.FindFeedbackCategory(item.Category)?.Label ?? item.Category;
        var received = VietnamTime.ToLocal(item.ReceivedAt);
        var body = new StringBuilder()
            .AppendLine("Phản ánh khẩn cần xử lý ngay (Kế hoạch CCHC: phản ánh nhũng nhiễu, tiêu cực được báo ngay cho thủ trưởng đơn vị và Văn phòng UBND).")
            .AppendLine()
            .AppendLine($"Mã theo dõi: {item.Code}")
            .AppendLine($"Loại: {category}")
            .AppendLine($"Đơn vị: {unit}")
            .AppendLine($"Quầy: {counter ?? "không ghi"}")
            .AppendLine($"Kênh: {ChannelText(item.Channel)}")
            .AppendLine($"Tiếp nhận: {received.ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture)} (giờ Việt Nam)")
            .AppendLine($"Hạn trả lời: {item.DueDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}")
            .AppendLine()
            .AppendLine("Nội dung (đã ẩn số điện thoại, email):")
            .AppendLine(FeedbackService.Anonymise(item.Text))
            .AppendLine()
            .AppendLine($"Xử lý tại: {publicAddress.BaseUrl}/admin/feedback")
            .AppendLine()
            .AppendLine("Thư gửi tự động từ ParSurvey; xin đừng trả lời thư này. Thông tin liên hệ của người phản ánh (nếu có) chỉ xem được trên trang xử lý.")
            .ToString();
        return new OutgoingMail(Guid.NewGuid(), UrgentKind, item.Code, to,
            $"[ParSurvey] Phản ánh khẩn: {category} – {unit} ({item.Code})".Normalize(NormalizationForm.FormC), body.Normalize(NormalizationForm.FormC),
            item.ReceivedAt);
    }

    private static string ChannelText(string channel) => channel switch
    {
        "kiosk" => "máy tính bảng tại quầy",
        "qr" => "khảo sát qua mã QR",
        _ => "trang phản ánh trực tuyến",
    };
}
