using System.Text;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.PublicResults;
using ParSurvey.SurveyApi.Security;
using static ParSurvey.SurveyApi.PublicResults.PublicText;

namespace ParSurvey.SurveyApi.Feedback;

/// <summary>
/// The citizen's pages, server-rendered and without script so they work on any phone: the form at <c>/phan-anh</c>
/// (reached from the phone survey, the kiosk's follow-up and the public pages) and the tracking page
/// <c>/phan-anh/{code}</c>. A plain form post; its answer is a redirect to the tracking page.
/// </summary>
public static class FeedbackPages
{
    private const string Html = "text/html; charset=utf-8";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("/phan-anh").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/", (string? unit, string? counter, string? channel, string? lang, CatalogProvider catalogs) =>
            Results.Content(Form(catalogs.Current, PublicText.Of(lang), new FormValues(unit, counter, null, null, null, false, channel), []), Html));
        // No antiforgery token: the form carries no one's authority (anyone may file), and the per-address limit applies.
        pages.MapPost("/", Submit).RequireRateLimiting(RateLimits.Feedback).DisableAntiforgery();
        pages.MapGet("/tra-cuu", (string? code, string? lang) =>
            Results.Redirect("/phan-anh/" + Uri.EscapeDataString((code ?? "").Trim().ToUpperInvariant()) + (lang == "en" ? "?lang=en" : "")));
        pages.MapGet("/{code}", async (string code, string? lang, FeedbackService service, CatalogProvider catalogs, CancellationToken ct) =>
        {
            var t = PublicText.Of(lang);
            var item = await service.TrackAsync(code, ct);
            return item is null
                ? Results.Content(Page(t, t.T("Không tìm thấy mã", "Unknown code"),
                    $"<h1>{t.T("Không tìm thấy mã", "Unknown code")} “{E(code)}”</h1><p>{t.T("Kiểm tra lại mã theo dõi (dạng PA-XXXX-XXXX).", "Check the tracking code (PA-XXXX-XXXX).")}</p>" + Lookup(t)),
                    Html, Encoding.UTF8, StatusCodes.Status404NotFound)
                : Results.Content(Tracking(FeedbackApi.Tracking(item, catalogs.Current, service), t), Html);
        });
    }

    private sealed record FormValues(string? Unit, string? Counter, string? Category, string? Text, string? Contact, bool Consent, string? Channel);

    private static async Task<IResult> Submit(HttpRequest request, FeedbackService service, CatalogProvider catalogs, CancellationToken ct)
    {
        if (!request.HasFormContentType) return Results.BadRequest();
        var form = await request.ReadFormAsync(ct);
        var t = PublicText.Of(form["lang"]);
        var values = new FormValues(form["unitId"], form["counterId"], form["category"], form["text"], form["contact"], form["consent"] == "yes", form["channel"]);
        var filed = await service.FileAsync(new FeedbackRequest(values.Unit, values.Counter, values.Category, values.Text, values.Contact,
            values.Consent, values.Channel), null, ct);
        if (filed.Item is null) return Results.Content(Form(catalogs.Current, t, values, filed.Errors), Html, Encoding.UTF8, StatusCodes.Status400BadRequest);
        return Results.Redirect($"/phan-anh/{filed.Item.Code}?new=1{(t.Lang == "en" ? "&lang=en" : "")}");
    }

    private static string Form(SurveyCatalog catalog, PublicText t, FormValues v, Dictionary<string, string[]> errors)
    {
        var html = new StringBuilder();
        var counter = v.Counter is { } c ? catalog.FindCounter(c) : null;
        var unitId = counter?.UnitId ?? v.Unit;
        html.Append($"<h1>{t.T("Gửi phản ánh, kiến nghị", "Send feedback or a complaint")}</h1>");
        html.Append($"<p>{t.T("Phản ánh của Ông/Bà được chuyển đến đơn vị, trả lời trong thời hạn quy định và có thể được công khai (đã ẩn thông tin cá nhân).",
            "Your feedback goes to the unit, is answered within the set time and may be published without personal details.")}</p>");
        if (errors.Count > 0)
        {
            html.Append($"<div class=\"errors\" role=\"alert\"><h2>{t.T("Vui lòng sửa:", "Please correct:")}</h2><ul>");
            foreach (var (field, messages) in errors) html.Append($"<li><a href=\"#{E(FieldId(field))}\">{E(string.Join(" ", messages))}</a></li>");
            html.Append("</ul></div>");
        }
        html.Append("<form method=\"post\" action=\"/phan-anh\" novalidate>");
        html.Append($"<input type=\"hidden\" name=\"lang\" value=\"{t.Lang}\"><input type=\"hidden\" name=\"channel\" value=\"{E(v.Channel ?? "web")}\">");
        if (counter is not null)
        {
            html.Append($"<input type=\"hidden\" name=\"counterId\" value=\"{E(counter.Id)}\"><input type=\"hidden\" name=\"unitId\" value=\"{E(counter.UnitId)}\">");
            html.Append($"<p><strong>{t.T("Nơi phản ánh", "Where")}:</strong> {E(t.Name(counter.Name, counter.NameEn))} · {E(catalog.FindUnit(counter.UnitId)?.Name ?? "")}</p>");
        }
        else
        {
            html.Append($"<label for=\"unitId\">{t.T("Đơn vị", "Unit")}</label>{Error(errors, "unitId")}<select id=\"unitId\" name=\"unitId\" required{Described(errors, "unitId")}>");
            html.Append($"<option value=\"\">{t.T("— Chọn đơn vị —", "— Choose —")}</option>");
            foreach (var (unit, depth) in Tree(catalog))
                html.Append($"<option value=\"{E(unit.Id)}\"{(unit.Id == unitId ? " selected" : "")}>{new string('\u00a0', depth * 3)}{E(t.Name(unit.Name, unit.NameEn))}</option>");
            html.Append("</select>");
        }
        html.Append($"<fieldset id=\"category\"{Described(errors, "category")}><legend>{t.T("Loại phản ánh", "Kind")}</legend>{Error(errors, "category")}");
        foreach (var category in catalog.FeedbackCategories)
            html.Append($"<label class=\"choice\"><input type=\"radio\" name=\"category\" value=\"{E(category.Code)}\"{(category.Code == v.Category ? " checked" : "")}> {E(t.Name(category.Label, category.LabelEn))}</label>");
        html.Append("</fieldset>");
        // No maxlength: a browser would cut a pasted text without a word; the limit is said here and checked on sending.
        html.Append($"<label for=\"text\">{t.T("Nội dung (tối đa 2.000 ký tự)", "What happened (at most 2,000 characters)")}</label>{Error(errors, "text")}<textarea id=\"text\" name=\"text\" rows=\"6\" required{Described(errors, "text")}>{E(v.Text ?? "")}</textarea>");
        html.Append($"<label for=\"contact\">{t.T("Số điện thoại hoặc email để nhận trả lời (không bắt buộc)", "Phone or e-mail for the answer (optional)")}</label>");
        html.Append($"{Error(errors, "contact")}<input id=\"contact\" name=\"contact\" autocomplete=\"tel\" value=\"{E(v.Contact ?? "")}\"{Described(errors, "contact")}>");
        html.Append($"{Error(errors, "consent")}<label class=\"choice\" for=\"consent\"><input type=\"checkbox\" id=\"consent\" name=\"consent\" value=\"yes\"{(v.Consent ? " checked" : "")}{Described(errors, "consent")}> ");
        html.Append(t.T("Tôi đồng ý để đơn vị dùng thông tin liên hệ này chỉ để trả lời phản ánh; thông tin được xoá sau thời hạn lưu giữ (Nghị định 13/2023/NĐ-CP).",
            "I agree that the unit uses this contact only to answer; it is deleted after the retention period (Decree 13/2023/ND-CP)."));
        html.Append($"</label><button type=\"submit\">{t.T("Gửi phản ánh, kiến nghị", "Send")}</button></form>");
        html.Append(Lookup(t));
        return Page(t, t.T("Gửi phản ánh, kiến nghị", "Send feedback"), html.ToString());
    }

    private static string Tracking(FeedbackTracking f, PublicText t)
    {
        var html = new StringBuilder();
        html.Append($"<h1>{t.T("Phản ánh", "Feedback")} {E(f.Code)}</h1>");
        html.Append($"<p class=\"code\">{t.T("Ông/Bà giữ mã này để tra cứu kết quả", "Keep this code to look up the answer")}: <strong>{E(f.Code)}</strong></p>");
        html.Append("<dl>");
        html.Append($"<dt>{t.T("Trạng thái", "Status")}</dt><dd id=\"status\">{E(StatusText(f.Status, t))}{(f.Overdue ? " · " + t.T("đã quá hạn", "overdue") : "")}</dd>");
        html.Append($"<dt>{t.T("Đơn vị", "Unit")}</dt><dd>{E(f.UnitName)}</dd><dt>{t.T("Loại", "Kind")}</dt><dd>{E(f.CategoryLabel)}</dd>");
        html.Append($"<dt>{t.T("Tiếp nhận", "Received")}</dt><dd>{E(t.Time(f.ReceivedAt))}</dd><dt>{t.T("Hạn trả lời", "Answer due by")}</dt><dd>{E(t.Date(f.DueDate))}</dd>");
        html.Append("</dl>");
        if (f.Answer is not null)
            html.Append($"<section aria-labelledby=\"answer-h\"><h2 id=\"answer-h\">{t.T("Trả lời của đơn vị", "The unit's answer")}</h2><p id=\"answer\">{E(f.Answer)}</p>" +
                        $"<p class=\"small\">{E(f.AnsweredAt is { } a ? t.Time(a) : "")}</p></section>");
        if (f.ClosedReason is not null) html.Append($"<p><strong>{t.T("Lý do đóng", "Closed because")}:</strong> {E(f.ClosedReason)}</p>");
        html.Append(Lookup(t));
        return Page(t, t.T("Phản ánh", "Feedback") + " " + f.Code, html.ToString());
    }

    public static string StatusText(FeedbackStatus status, PublicText t) => status switch
    {
        FeedbackStatus.Received => t.T("Đã tiếp nhận", "Received"),
        FeedbackStatus.Assigned => t.T("Đang xử lý", "Being handled"),
        FeedbackStatus.Answered => t.T("Đã trả lời", "Answered"),
        FeedbackStatus.Published => t.T("Đã trả lời và công khai", "Answered and published"),
        _ => t.T("Đã đóng", "Closed"),
    };

    private static string Lookup(PublicText t) =>
        $"<form method=\"get\" action=\"/phan-anh/tra-cuu\" class=\"lookup\"><label for=\"lookup-code\">{t.T("Tra cứu bằng mã", "Look up by code")}</label>" +
        $"<input id=\"lookup-code\" name=\"code\" placeholder=\"PA-XXXX-XXXX\" autocomplete=\"off\"><input type=\"hidden\" name=\"lang\" value=\"{t.Lang}\">" +
        $"<button type=\"submit\">{t.T("Tra cứu", "Look up")}</button></form>";

    private static string Page(PublicText t, string title, string body) =>
        $"<!doctype html><html lang=\"{t.Lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<title>{E(title)} – ParSurvey</title><link rel=\"stylesheet\" href=\"/public/public.css\"></head><body>" +
        $"<header><span>ParSurvey · {t.T("Phản ánh, kiến nghị", "Feedback")}</span><a href=\"/cong-khai{(t.Lang == "en" ? "?lang=en" : "")}\">{t.T("Kết quả công khai", "Published results")}</a></header>" +
        $"<main>{body}</main></body></html>";

    private static string FieldId(string field) => field is "unitId" or "category" or "text" or "contact" or "consent" ? field : "text";

    private static string Error(Dictionary<string, string[]> errors, string field) =>
        errors.TryGetValue(field, out var messages) ? $"<p class=\"error\" id=\"{field}-error\">{E(string.Join(" ", messages))}</p>" : "";

    private static string Described(Dictionary<string, string[]> errors, string field) =>
        errors.ContainsKey(field) ? $" aria-invalid=\"true\" aria-describedby=\"{field}-error\"" : "";

    private static IEnumerable<(Unit Unit, int Depth)> Tree(SurveyCatalog catalog)
    {
        IEnumerable<(Unit, int)> Walk(Unit unit, int depth) =>
            new[] { (unit, depth) }.Concat(catalog.ChildrenOf(unit.Id).OrderBy(u => u.Name, StringComparer.Ordinal).SelectMany(c => Walk(c, depth + 1)));
        return catalog.Roots.OrderBy(u => u.Name, StringComparer.Ordinal).SelectMany(r => Walk(r, 0));
    }
}
