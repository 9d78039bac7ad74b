using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ParSurvey.Analytics.Reports;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>The printable report: A4, print CSS, the 12-month trend as an SVG chart. Every text is HTML-encoded, comments included.</summary>
public static class ReportHtml
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly string[] Palette = ["#0b3d91", "#b3261e", "#1b7a3a", "#9a6700", "#6a1b9a", "#00838f", "#ad1457", "#4e342e", "#37474f", "#2e7d32", "#c62828", "#1565c0"];

    public static string Write(ReportDocument d)
    {
        var page = new StringBuilder();
        page.Append($"""
            <!doctype html>
            <html lang="vi">
            <head>
              <meta charset="utf-8">
              <title>{E(d.Title)}</title>
              <link rel="stylesheet" href="/reports/report.css">
            </head>
            <body>
            <header>
              <p class="org">{E(d.UnitName)}</p>
              <h1>BÁO CÁO KẾT QUẢ ĐO LƯỜNG MỨC ĐỘ HÀI LÒNG</h1>
              <p class="period">{E(d.Period.Label)} (từ {ReportTables.Date(d.Period.From)} đến {ReportTables.Date(d.Period.To)})</p>
            </header>
            """);
        var s = d.Summary;
        page.Append($"""
            <section class="summary">
              <h2>1. Tổng hợp</h2>
              <p class="headline status-{s.Current.Status.ToString().ToLowerInvariant()}">Tỷ lệ hài lòng: <strong>{E(ReportTables.Percent(s.Current.Rate))}</strong>
                trên {s.Current.Total.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))} đánh giá – chỉ tiêu {E(ReportTables.Percent(s.Current.Target))}:
                <strong>{E(ReportTables.StatusText(s.Current.Status))}</strong>.</p>
              <p>Khoảng tin cậy 95 %: {E(ReportTables.Percent(s.Current.CiLow))} – {E(ReportTables.Percent(s.Current.CiHigh))}.
                Kỳ trước ({E(d.PreviousPeriod.Label)}): {E(ReportTables.Percent(s.Previous.Rate))} trên {s.Previous.Total} đánh giá. {E(s.Change.Judgement)}</p>
              <p>Lĩnh vực chưa đạt chỉ tiêu: {E(s.FieldsBelow.Count == 0 ? "không có" : string.Join("; ", s.FieldsBelow))}.
                Đơn vị chưa đạt chỉ tiêu: {E(s.UnitsBelow.Count == 0 ? "không có" : string.Join("; ", s.UnitsBelow))}.</p>
            </section>
            """);
        var number = 2;
        foreach (var section in new[] { "fields", "units", "counters", "reasons", "comments" })
        {
            var table = ReportTables.Build(d, section);
            if (section == "counters" && table.Rows.Count == 0) continue;
            page.Append($"<section class=\"{section}\"><h2>{number++}. {E(table.Title)}</h2>");
            if (table.Rows.Count == 0) page.Append("<p>Không có.</p>");
            else page.Append(Table(table));
            page.Append("</section>");
        }
        page.Append($"<section class=\"trend\"><h2>{number}. {E("Xu hướng 12 tháng theo lĩnh vực")}</h2>{Chart(d)}{Table(ReportTables.Build(d, "trend"))}</section>");
        page.Append($"""
            <footer>Số liệu ParSurvey, lập lúc {VietnamTime(d)}. Tỷ lệ hài lòng = số đánh giá "Hài lòng" và "Rất hài lòng" / tổng số đánh giá;
              đơn vị, lĩnh vực có dưới {d.MinSample} đánh giá được ghi "Chưa đủ mẫu", không xếp hạng.</footer>
            </body>
            </html>
            """);
        return page.ToString();
    }

    private static string VietnamTime(ReportDocument d) =>
        ParSurvey.Analytics.VietnamTime.ToLocal(d.GeneratedAt).ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Table(ReportTable table)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var h in table.Headers) html.Append($"<th scope=\"col\">{E(h)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
                html.Append(cell is ReportCell.Text ? $"<td>{E(ReportCsv.Format(cell))}</td>" : $"<td class=\"num\">{E(ReportCsv.Format(cell))}</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>Rates per field over 12 months on a 50–100 % scale, with the 95 % target dashed.</summary>
    private static string Chart(ReportDocument d)
    {
        const double left = 40, top = 10, width = 640, height = 220;
        var months = d.Trend.FirstOrDefault()?.Months ?? [];
        if (months.Count == 0) return "";
        double X(int i) => left + i * width / Math.Max(1, months.Count - 1);
        double Y(double rate) => top + height * (1 - (Math.Clamp(rate, 0.5, 1) - 0.5) / 0.5);
        var svg = new StringBuilder($"<svg class=\"chart\" viewBox=\"0 0 {left + width + 180} {top + height + 30}\" role=\"img\" aria-label=\"Tỷ lệ hài lòng 12 tháng theo lĩnh vực\">");
        foreach (var tick in new[] { 0.5, 0.6, 0.7, 0.8, 0.9, 1.0 })
            svg.Append($"<line x1=\"{left}\" x2=\"{left + width}\" y1=\"{F(Y(tick))}\" y2=\"{F(Y(tick))}\" class=\"grid\"/><text x=\"{left - 4}\" y=\"{F(Y(tick) + 4)}\" class=\"axis\" text-anchor=\"end\">{tick * 100:0}%</text>");
        svg.Append($"<line x1=\"{left}\" x2=\"{left + width}\" y1=\"{F(Y(0.95))}\" y2=\"{F(Y(0.95))}\" class=\"target\"/>");
        for (var i = 0; i < months.Count; i++)
            svg.Append($"<text x=\"{F(X(i))}\" y=\"{top + height + 18}\" class=\"axis\" text-anchor=\"middle\">{months[i].Month[5..]}/{months[i].Month[2..4]}</text>");
        var line = 0;
        foreach (var field in d.Trend.Where(t => t.Months.Any(m => m.Total > 0)))
        {
            var colour = Palette[line % Palette.Length];
            var points = field.Months.Select((m, i) => m.Rate is { } r ? $"{F(X(i))},{F(Y(r))}" : null).Where(p => p is not null);
            svg.Append($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>");
            svg.Append($"<rect x=\"{left + width + 12}\" y=\"{top + line * 18}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{left + width + 26}\" y=\"{top + 9 + line * 18}\" class=\"legend\">{E(field.FieldName)}</text>");
            line++;
        }
        return svg.Append("</svg>").ToString();
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
    private static string E(string text) => Html.Encode(text);
}
