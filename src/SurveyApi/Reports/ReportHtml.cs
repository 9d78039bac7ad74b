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
              <p class="period">{E(ReportTables.PeriodText(d))}</p>
            </header>
            """);
        var s = d.Summary;
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        var headline = s.Current.Total == 0
            ? $"Tỷ lệ hài lòng: <strong>chưa có đánh giá</strong> – chỉ tiêu {E(ReportTables.Percent(s.Current.Target))}."
            : $"Tỷ lệ hài lòng: <strong>{E(ReportTables.Percent(s.Current.Rate))}</strong> trên {s.Current.Total.ToString("N0", vi)} đánh giá – " +
              $"chỉ tiêu {E(ReportTables.Percent(s.Current.Target))}: <strong>{E(ReportTables.StatusText(s.Current.Status))}</strong>.";
        var previous = s.Previous.Total == 0
            ? "chưa có đánh giá."
            : $"{E(ReportTables.Percent(s.Previous.Rate))} trên {s.Previous.Total.ToString("N0", vi)} đánh giá. {E(s.Change.Judgement)}";
        page.Append($"""
            <section class="summary">
              <h2>1. Tổng hợp</h2>
              <p class="headline status-{s.Current.Status.ToString().ToLowerInvariant()}">{headline}</p>
              <p>Khoảng tin cậy 95 %: <span class="interval">{E(ReportTables.Interval(s.Current))}</span>.
                Kỳ trước ({E(d.PreviousPeriod.Label)}): {previous}</p>
              {BelowList("Lĩnh vực chưa đạt chỉ tiêu", "fields-below", s.FieldsBelow)}
              {BelowList("Đơn vị chưa đạt chỉ tiêu", "units-below", s.UnitsBelow)}
              <p class="filtered">{E(ReportTables.FilteredLabel)}: <strong>{s.Filtered}</strong> đánh giá.</p>
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
            <footer>Số liệu ParSurvey, lập lúc {VietnamTime(d)}. Tỷ lệ hài lòng = số đánh giá thuộc nhóm hài lòng của thang đánh giá / tổng số đánh giá.
              "Chưa đạt" khi cận trên khoảng tin cậy 95 % dưới chỉ tiêu (dù ít đánh giá), hoặc khi có từ {d.MinSample} đánh giá và tỷ lệ dưới chỉ tiêu;
              "Đạt" khi có từ {d.MinSample} đánh giá và tỷ lệ đạt chỉ tiêu; còn lại "Chưa đủ mẫu", không xếp hạng. Đánh giá bấm liên tiếp trên cùng thiết bị được lọc, không tính.</footer>
            </body>
            </html>
            """);
        return page.ToString();
    }

    private static string BelowList(string title, string cls, IReadOnlyList<ParSurvey.Analytics.SatisfactionRow> rows) => rows.Count == 0
        ? $"<p class=\"{cls}\">{E(title)}: không có.</p>"
        : $"<p class=\"{cls}\">{E(title)}:</p><ul class=\"{cls}\">{string.Concat(rows.Select(r => $"<li>{E(ReportTables.BelowText(r))}</li>"))}</ul>";

    private static string VietnamTime(ReportDocument d) =>
        ParSurvey.Analytics.VietnamTime.ToLocal(d.GeneratedAt).ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>A table as printed: names, not codes (ids like "bao-tro-xa-hoi" only wrap badly on paper; the spreadsheet keeps them).</summary>
    private static string Table(ReportTable table)
    {
        var shown = Enumerable.Range(0, table.Headers.Count).Where(i => table.Headers[i] != ReportTables.CodeHeader).ToArray();
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var i in shown) html.Append($"<th scope=\"col\">{E(table.Headers[i])}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in shown.Where(i => i < row.Count).Select(i => row[i]))
                html.Append(cell is ReportCell.Text ? $"<td>{E(ReportTables.Display(cell))}</td>" : $"<td class=\"num\">{E(ReportTables.Display(cell))}</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>
    /// Rates per field over 12 months, each month with ratings a dot (so a field rated in one month still shows), dots of
    /// consecutive months joined; the target dashed. The rate axis starts at 50 % unless a rate lies below it, then at the
    /// 10 % step under the lowest rate (0 % at worst), and the chart says where it starts: a rate is never drawn at a
    /// floor that is not its value.
    /// </summary>
    private static string Chart(ReportDocument d)
    {
        const double left = 44, top = 10, width = 620, height = 220;
        var months = d.Trend.FirstOrDefault()?.Months ?? [];
        if (months.Count == 0) return "";
        var fields = d.Trend.Where(t => t.Months.Any(m => m.Total > 0)).ToArray();
        var lowest = fields.SelectMany(f => f.Months).Select(m => m.Rate).OfType<double>().DefaultIfEmpty(1).Min();
        var floor = Math.Max(0, Math.Min(0.5, Math.Floor(lowest * 10 + 1e-9) / 10));
        double X(int i) => left + i * width / Math.Max(1, months.Count - 1);
        double Y(double rate) => top + height * (1 - (Math.Clamp(rate, floor, 1) - floor) / (1 - floor));
        var svg = new StringBuilder($"<svg class=\"chart\" viewBox=\"0 0 {left + width + 180} {top + height + 46}\" role=\"img\" " +
                                    $"aria-label=\"Tỷ lệ hài lòng 12 tháng theo lĩnh vực, trục tỷ lệ từ {Whole(floor)} đến 100 %\" data-floor=\"{F(floor)}\">");
        for (var tenth = (int)Math.Round(floor * 10); tenth <= 10; tenth++)
        {
            var tick = tenth / 10.0;
            svg.Append($"<line x1=\"{left}\" x2=\"{left + width}\" y1=\"{F(Y(tick))}\" y2=\"{F(Y(tick))}\" class=\"grid\" data-tick=\"{F(tick)}\"/>" +
                       $"<text x=\"{left - 4}\" y=\"{F(Y(tick) + 4)}\" class=\"axis\" text-anchor=\"end\">{Whole(tick)}</text>");
        }
        var target = d.Summary.Current.Target;
        if (target >= floor) svg.Append($"<line x1=\"{left}\" x2=\"{left + width}\" y1=\"{F(Y(target))}\" y2=\"{F(Y(target))}\" class=\"target\"/>");
        for (var i = 0; i < months.Count; i++)
            svg.Append($"<text x=\"{F(X(i))}\" y=\"{top + height + 18}\" class=\"axis\" text-anchor=\"middle\">{months[i].Month[5..]}/{months[i].Month[2..4]}</text>");
        svg.Append($"<text x=\"{left}\" y=\"{top + height + 38}\" class=\"axis-note\">{E(floor > 0
            ? $"Trục tỷ lệ bắt đầu từ {Whole(floor)} (không phải 0 %); đường đứt nét: chỉ tiêu {ReportTables.Percent(target)}."
            : $"Trục tỷ lệ từ 0 % đến 100 %; đường đứt nét: chỉ tiêu {ReportTables.Percent(target)}.")}</text>");
        var line = 0;
        foreach (var field in fields)
        {
            var colour = Palette[line % Palette.Length];
            // Months without ratings break the line: a line through them would show rates nobody gave.
            var run = new List<string>();
            void EndRun()
            {
                if (run.Count > 1) svg.Append($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', run)}\"/>");
                run.Clear();
            }
            for (var i = 0; i < field.Months.Count; i++)
            {
                if (field.Months[i].Rate is not { } rate) { EndRun(); continue; }
                run.Add($"{F(X(i))},{F(Y(rate))}");
            }
            EndRun();
            for (var i = 0; i < field.Months.Count; i++)
                if (field.Months[i] is { Rate: { } rate } m)
                    svg.Append($"<circle cx=\"{F(X(i))}\" cy=\"{F(Y(rate))}\" r=\"3.5\" fill=\"{colour}\" data-field=\"{E(field.FieldCode)}\" data-month=\"{m.Month}\">" +
                               $"<title>{E($"{field.FieldName} {m.Month[5..]}/{m.Month[..4]}: {ReportTables.Percent(rate)} ({m.Total} đánh giá)")}</title></circle>");
            svg.Append($"<rect x=\"{left + width + 12}\" y=\"{top + line * 18}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{left + width + 26}\" y=\"{top + 9 + line * 18}\" class=\"legend\">{E(field.FieldName)}</text>");
            line++;
        }
        return svg.Append("</svg>").ToString();
    }

    private static string Whole(double share) => $"{Math.Round(share * 100):0} %";

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
    private static string E(string text) => Html.Encode(text);
}
