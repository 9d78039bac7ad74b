using System.Globalization;
using System.Text;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>
/// CSV per section: UTF-8 with a byte-order mark so Excel shows the diacritics. CSV is the format other programs read,
/// so numbers are plain numbers with a decimal point: a rate is a ratio (0.61111 = 61,1 %), empty with no ratings, and a
/// spreadsheet can compute with it; people who want "61,1 %" open the XLSX, which stores the same numbers formatted.
/// </summary>
public static class ReportCsv
{
    public static byte[] Write(ReportTable table)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', table.Headers.Select(Quote)).Append("\r\n");
        foreach (var row in table.Rows) text.AppendJoin(',', row.Select(cell => Quote(Format(cell)))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static string Format(ReportCell cell) => cell switch
    {
        ReportCell.Text t => t.Value,
        ReportCell.Count c => c.Value.ToString(CultureInfo.InvariantCulture),
        // Five decimals: a thousandth of a percentage point, more than any report shows, without binary noise (0.6111111111111112).
        ReportCell.Share s => s.Value is { } v ? Math.Round(v, 5).ToString("0.#####", CultureInfo.InvariantCulture) : "",
        ReportCell.Day d => ReportTables.Date(d.Value),
        _ => "",
    };

    private static string Quote(string value)
    {
        value = Guard(value);
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value.StartsWith(' ') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>A comment starting with = + - @ would run as a formula in Excel; a leading apostrophe keeps it text.</summary>
    private static string Guard(string value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
}
