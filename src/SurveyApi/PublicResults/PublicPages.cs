using System.Globalization;
using System.Text;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using static ParSurvey.SurveyApi.PublicResults.PublicText;

namespace ParSurvey.SurveyApi.PublicResults;

/// <summary>
/// Server-rendered public pages: no script, readable without sign-in, on a phone or a ward's website. Only counts,
/// rates, intervals, targets and statuses appear; the status words are the ones every report uses.
/// </summary>
public static class PublicPages
{
    public static string List(IReadOnlyList<(Unit Unit, int Depth, PublicFigure ThisMonth)> units, DateTimeOffset updatedAt, DateOnly today, string catalogName, PublicText t)
    {
        var month = ReportPeriod.Month(today.Year, today.Month);
        var html = Head(t, t.T("Công khai kết quả khảo sát sự hài lòng", "Published satisfaction results"), "/cong-khai");
        html.Append($"<main><h1>{t.T("Kết quả khảo sát sự hài lòng của người dân", "Citizens' satisfaction survey results")}</h1>");
        html.Append($"<p>{E(catalogName)} · {t.T("Mọi đơn vị, cập nhật lúc", "Every unit, updated at")} {E(t.Time(updatedAt))} ({t.T("giờ Việt Nam", "Vietnam time")}).</p>");
        html.Append($"<table><caption>{t.T("Tỷ lệ hài lòng", "Satisfaction")} {E(t.MonthTitle(month))}</caption><thead><tr>");
        html.Append($"<th scope=\"col\">{t.T("Đơn vị", "Unit")}</th><th scope=\"col\">{t.T("Lượt đánh giá", "Ratings")}</th>");
        html.Append($"<th scope=\"col\">{t.T("Tỷ lệ hài lòng", "Satisfied")}</th><th scope=\"col\">{t.T("Chỉ tiêu", "Target")}</th><th scope=\"col\">{t.T("Đánh giá", "Status")}</th></tr></thead><tbody>");
        foreach (var (unit, depth, figure) in units)
        {
            html.Append($"<tr><th scope=\"row\" class=\"depth-{Math.Min(depth, 4)}\"><a href=\"/cong-khai/{E(unit.Id)}{Query(t)}\">{E(t.Name(unit.Name, unit.NameEn))}</a></th>");
            html.Append($"<td>{t.Count(figure.Ratings)}</td><td>{t.Percent(figure.Rate)}</td><td>{t.Percent(figure.Target)}</td>{StatusCell(figure, t)}</tr>");
        }
        html.Append("</tbody></table>");
        return Foot(html, t, null);
    }

    public static string Unit(PublicUnitResults r, PublicText t)
    {
        var name = t.Name(r.Name, r.NameEn);
        var html = Head(t, name + " — " + t.T("kết quả khảo sát sự hài lòng", "satisfaction results"), $"/cong-khai/{r.UnitId}");
        html.Append("<main>");
        html.Append($"<nav aria-label=\"{t.T("Vị trí", "Breadcrumb")}\"><a href=\"/cong-khai{Query(t)}\">{t.T("Mọi đơn vị", "All units")}</a>");
        if (r.Parent is { } parent) html.Append($" › <a href=\"/cong-khai/{E(parent.Id)}{Query(t)}\">{E(t.Name(parent.Name, parent.NameEn))}</a>");
        html.Append("</nav>");
        html.Append($"<h1>{E(name)}</h1><p class=\"lead\">{t.T("Kết quả khảo sát sự hài lòng của người dân, tổ chức", "Satisfaction of citizens and organisations")} · ");
        html.Append($"{t.T("cập nhật lúc", "updated at")} <time datetime=\"{r.UpdatedAt:O}\">{E(t.Time(r.UpdatedAt))}</time> ({t.T("giờ Việt Nam", "Vietnam time")}).</p>");
        Section(html, r, r.Overall, t.T("Toàn đơn vị", "The unit as a whole"), t, "overall");
        foreach (var field in r.Fields)
            Section(html, r, field, t.T("Lĩnh vực: ", "Field: ") + t.Name(field.Name, field.NameEn), t, "field-" + field.Code);
        if (r.Children.Count > 0)
        {
            html.Append($"<section><h2>{t.T("Đơn vị trực thuộc", "Units under it")}</h2><ul>");
            foreach (var child in r.Children) html.Append($"<li><a href=\"/cong-khai/{E(child.Id)}{Query(t)}\">{E(t.Name(child.Name, child.NameEn))}</a></li>");
            html.Append("</ul></section>");
        }
        html.Append($"<section aria-labelledby=\"answers\"><h2 id=\"answers\">{t.T("Phản ánh, kiến nghị đã trả lời", "Feedback answered")}</h2>");
        if (r.Answers.Count == 0) html.Append($"<p>{t.T("Chưa có phản ánh, kiến nghị nào được công khai.", "No answered feedback published yet.")}</p>");
        foreach (var a in r.Answers)
            html.Append($"<article class=\"answer\"><h3>{E(t.Lang == "en" ? a.CategoryEn : a.Category)} · {E(t.Time(a.ReceivedAt))}</h3>" +
                        $"<p><strong>{t.T("Phản ánh", "Feedback")}:</strong> {E(a.Text)}</p><p><strong>{t.T("Trả lời", "Answer")}:</strong> {E(a.Answer)}</p></article>");
        html.Append($"<p><a href=\"/phan-anh?unit={E(r.UnitId)}{(t.Lang == "en" ? "&amp;lang=en" : "")}\">{t.T("Gửi phản ánh, kiến nghị", "Send feedback")}</a></p></section>");
        html.Append($"<section><h2>{t.T("Dữ liệu mở và nhúng vào trang web", "Open data and embedding")}</h2><ul>");
        html.Append($"<li><a href=\"/api/public/units/{E(r.UnitId)}/satisfaction?period={r.ThisMonth.Key}\">JSON</a> · ");
        html.Append($"<a href=\"/api/public/units/{E(r.UnitId)}/satisfaction?period={r.ThisMonth.Key}&amp;format=csv\">CSV</a></li>");
        html.Append($"<li>{t.T("Khung nhúng", "Widget")}: <code>&lt;iframe src=\"/embed/{E(r.UnitId)}\" title=\"…\"&gt;&lt;/iframe&gt;</code></li>");
        html.Append($"<li>{t.T("Huy hiệu", "Badge")}: <img src=\"/badge/{E(r.UnitId)}.svg{Query(t)}\" alt=\"{E(Badge.Text(r, t))}\"></li></ul></section>");
        html.Append("</main>");
        return Foot(html, t, r.MinSample);
    }

    /// <summary>The small page a ward's own website frames: this month and the CCHC year, per field.</summary>
    public static string Embed(PublicUnitResults r, PublicText t)
    {
        var name = t.Name(r.Name, r.NameEn);
        var html = new StringBuilder();
        html.Append($"<!doctype html><html lang=\"{t.Lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append($"<title>{E(name)}</title><link rel=\"stylesheet\" href=\"/public/public.css\"></head><body class=\"embed\"><main>");
        html.Append($"<h1>{E(name)}: {t.T("sự hài lòng", "satisfaction")}</h1><table><thead><tr><th scope=\"col\"></th>");
        html.Append($"<th scope=\"col\">{E(t.MonthTitle(r.ThisMonth))}</th><th scope=\"col\">{t.T("Năm CCHC đến nay", "CCHC year to date")}</th></tr></thead><tbody>");
        foreach (var line in r.Fields.Prepend(r.Overall))
        {
            var label = line.Code == "" ? t.T("Toàn đơn vị", "Whole unit") : t.Name(line.Name, line.NameEn);
            html.Append($"<tr><th scope=\"row\">{E(label)}</th><td>{Figure(line.ThisMonth, t)}</td><td>{Figure(line.CchcYearToDate, t)}</td></tr>");
        }
        html.Append("</tbody></table>");
        GapNote(html, r, t);
        html.Append($"<p class=\"small\">{t.T("Cập nhật", "Updated")} {E(t.Time(r.UpdatedAt))} · ");
        html.Append($"<a href=\"/cong-khai/{E(r.UnitId)}{Query(t)}\" target=\"_blank\" rel=\"noopener\">{t.T("Chi tiết", "Details")}</a></p></main></body></html>");
        return html.ToString();
    }

    public static string NotFound(string unitId, PublicText t)
    {
        var html = Head(t, t.T("Không có đơn vị này", "No such unit"), "/cong-khai");
        html.Append($"<main><h1>{t.T("Không có đơn vị này", "No such unit")}</h1><p>{t.T("Danh mục không có đơn vị", "The catalog has no unit")} “{E(unitId)}”.</p>");
        html.Append($"<p><a href=\"/cong-khai{Query(t)}\">{t.T("Xem mọi đơn vị", "See every unit")}</a></p></main>");
        return Foot(html, t, null);
    }

    private static void Section(StringBuilder html, PublicUnitResults r, PublicLine line, string title, PublicText t, string id)
    {
        html.Append($"<section aria-labelledby=\"{E(id)}\"><h2 id=\"{E(id)}\">{E(title)}</h2>");
        html.Append($"<table><caption class=\"visually-hidden\">{E(title)}</caption><thead><tr><th scope=\"col\">{t.T("Kỳ", "Period")}</th>");
        html.Append($"<th scope=\"col\">{t.T("Lượt đánh giá", "Ratings")}</th><th scope=\"col\">{t.T("Tỷ lệ hài lòng", "Satisfied")}</th>");
        html.Append($"<th scope=\"col\">{t.T("Khoảng tin cậy 95 %", "95 % interval")}</th><th scope=\"col\">{t.T("Chỉ tiêu", "Target")}</th>");
        html.Append($"<th scope=\"col\">{t.T("Đánh giá", "Status")}</th></tr></thead><tbody>");
        Row(html, t.T("Tháng này", "This month") + $" ({t.MonthTitle(r.ThisMonth)})", line.ThisMonth, t);
        Row(html, t.T("Tháng trước", "Last month") + $" ({t.MonthTitle(r.LastMonth)})", line.LastMonth, t);
        Row(html, t.T("Năm CCHC đến nay", "CCHC year to date") + $" ({t.Date(r.CchcYear.From)} – {t.Date(r.CchcYearTo)})", line.CchcYearToDate, t);
        html.Append("</tbody></table>");
        if (line.Code == "") GapNote(html, r, t);
        Trend(html, line, t, title);
        html.Append("</section>");
    }

    /// <summary>Under Kế hoạch 19 the CCHC windows leave 1–14 December out: the page says so rather than let a reader wonder.</summary>
    private static void GapNote(StringBuilder html, PublicUnitResults r, PublicText t)
    {
        if (r.CchcGapNote is { } vi) html.Append($"<p class=\"small cchc-gap\">{E(t.T(vi, r.CchcGapNoteEn ?? vi))}.</p>");
    }

    private static void Row(StringBuilder html, string label, PublicFigure f, PublicText t) =>
        html.Append($"<tr><th scope=\"row\">{E(label)}</th><td>{t.Count(f.Ratings)}</td><td>{t.Percent(f.Rate)}</td><td>{t.Interval(f)}</td><td>{t.Percent(f.Target)}</td>{StatusCell(f, t)}</tr>");

    private static string StatusCell(PublicFigure f, PublicText t) => $"<td class=\"status {StatusClass(f.Status)}\">{t.Status(f.Status)}</td>";

    private static string Figure(PublicFigure f, PublicText t) =>
        $"{t.Percent(f.Rate)} <span class=\"small\">({t.Count(f.Ratings)} {t.T("lượt", "ratings")})</span> <span class=\"status {StatusClass(f.Status)}\">{t.Status(f.Status)}</span>";

    /// <summary>Twelve months as a small chart (rate per month, target as a line) and the same numbers as a table.</summary>
    private static void Trend(StringBuilder html, PublicLine line, PublicText t, string title)
    {
        const int width = 360, height = 90, pad = 6;
        var step = (width - 2 * pad) / 11.0;
        double Y(double share) => pad + (1 - share) * (height - 2 * pad);
        var points = line.Trend.Select((m, i) => m.Figure.Rate is { } rate ? $"{(pad + i * step).ToString("0.#", CultureInfo.InvariantCulture)},{Y(rate).ToString("0.#", CultureInfo.InvariantCulture)}" : null)
            .Where(p => p is not null).ToArray();
        var summary = string.Join("; ", line.Trend.Select(m => $"{t.Month(m.Month)}: {t.Percent(m.Figure.Rate)}"));
        html.Append($"<figure><svg class=\"trend\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{E(t.T("Xu hướng 12 tháng", "12-month trend") + ": " + summary)}\">");
        var target = line.Trend[^1].Figure.Target;
        html.Append($"<line class=\"target\" x1=\"{pad}\" x2=\"{width - pad}\" y1=\"{Y(target).ToString("0.#", CultureInfo.InvariantCulture)}\" y2=\"{Y(target).ToString("0.#", CultureInfo.InvariantCulture)}\"/>");
        if (points.Length > 0) html.Append($"<polyline class=\"rate\" points=\"{string.Join(' ', points)}\"/>");
        foreach (var p in points) { var xy = p!.Split(','); html.Append($"<circle cx=\"{xy[0]}\" cy=\"{xy[1]}\" r=\"2.5\"/>"); }
        html.Append($"</svg><figcaption>{t.T("Xu hướng 12 tháng (đường ngang: chỉ tiêu)", "12-month trend (horizontal line: target)")}</figcaption></figure>");
        html.Append($"<details><summary>{t.T("Số liệu 12 tháng", "The 12 months in numbers")}</summary><table><caption class=\"visually-hidden\">{E(title)}</caption><thead><tr>");
        html.Append($"<th scope=\"col\">{t.T("Tháng", "Month")}</th><th scope=\"col\">{t.T("Lượt đánh giá", "Ratings")}</th><th scope=\"col\">{t.T("Tỷ lệ hài lòng", "Satisfied")}</th><th scope=\"col\">{t.T("Đánh giá", "Status")}</th></tr></thead><tbody>");
        foreach (var m in line.Trend)
            html.Append($"<tr><th scope=\"row\">{E(t.Month(m.Month))}</th><td>{t.Count(m.Figure.Ratings)}</td><td>{t.Percent(m.Figure.Rate)}</td>{StatusCell(m.Figure, t)}</tr>");
        html.Append("</tbody></table></details>");
    }

    private static string Query(PublicText t) => t.Lang == "en" ? "?lang=en" : "";

    private static StringBuilder Head(PublicText t, string title, string path)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append($"<!doctype html><html lang=\"{t.Lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append($"<title>{E(title)}</title><link rel=\"stylesheet\" href=\"/public/public.css\"><link rel=\"icon\" href=\"/favicon.ico\"></head><body>");
        html.Append($"<header><span>ParSurvey · {t.T("Công khai", "Public results")}</span>");
        html.Append(t.Lang == "en" ? $"<a href=\"{E(path)}\" lang=\"vi\">Tiếng Việt</a>" : $"<a href=\"{E(path)}?lang=en\" lang=\"en\">English</a>");
        html.Append("</header>");
        return html;
    }

    private static string Foot(StringBuilder html, PublicText t, int? minSample)
    {
        html.Append("<footer><p>");
        html.Append(t.T(
            "Tỷ lệ hài lòng = số lượt hài lòng ÷ tổng số lượt đánh giá. \"Chưa đạt\" khi cả khoảng tin cậy 95 % nằm dưới chỉ tiêu, hoặc khi đủ mẫu mà tỷ lệ dưới chỉ tiêu; \"Đạt\" khi đủ mẫu và tỷ lệ đạt chỉ tiêu; còn lại \"Chưa đủ mẫu\".",
            "Satisfied share = satisfied ratings ÷ all ratings. \"Below target\" when the whole 95 % interval is under the target, or with enough ratings and a share under it; \"Met\" with enough ratings and a share at or above it; otherwise \"Too few ratings\"."));
        if (minSample is { } n) html.Append(t.T($" Đủ mẫu: từ {n} lượt.", $" Enough: {n} ratings or more."));
        html.Append(t.T(" Không công bố ý kiến, lý do hay thông tin cá nhân nào.", " No comments, reasons or personal data are published."));
        html.Append("</p></footer></body></html>");
        return html.ToString();
    }
}

/// <summary>The SVG badge a ward puts on its website: "Hài lòng 96,2 % · tháng 11/2026".</summary>
public static class Badge
{
    public static string Text(PublicUnitResults r, PublicText t) =>
        $"{t.T("Hài lòng", "Satisfied")} {t.Percent(r.Overall.ThisMonth.Rate)} · {t.MonthTitle(r.ThisMonth)}";

    public static string Svg(PublicUnitResults r, PublicText t)
    {
        var label = t.T("Hài lòng", "Satisfied");
        var value = $"{t.Percent(r.Overall.ThisMonth.Rate)} · {t.MonthTitle(r.ThisMonth)}";
        var colour = r.Overall.ThisMonth.Status switch { SatisfactionStatus.Met => "#1a7f37", SatisfactionStatus.Below => "#b42318", _ => "#5f6b7a" };
        // Widths from a generous 7 px per character (DejaVu Sans at 11 px), so Vietnamese diacritics never overflow.
        int left = 12 + label.Length * 7, right = 12 + value.Length * 7, width = left + right;
        var title = E($"{t.Name(r.Name, r.NameEn)}: {Text(r, t)} ({t.Status(r.Overall.ThisMonth.Status)}, {t.Count(r.Overall.ThisMonth.Ratings)} {t.T("lượt", "ratings")})");
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" viewBox="0 0 {width} 20" role="img" aria-label="{title}">
            <title>{title}</title>
            <rect width="{left}" height="20" rx="3" fill="#333"/><rect x="{left}" width="{right}" height="20" rx="3" fill="{colour}"/>
            <g fill="#fff" font-family="DejaVu Sans,Verdana,sans-serif" font-size="11">
            <text x="6" y="14">{E(label)}</text><text x="{left + 6}" y="14">{E(value)}</text>
            </g></svg>
            """;
    }
}
