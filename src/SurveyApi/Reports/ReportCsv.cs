using System.Text;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>CSV per section: UTF-8 with a byte-order mark so Excel shows the diacritics, numbers in Vietnamese format.</summary>
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
        ReportCell.Count c => c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ReportCell.Share s => ReportTables.Percent(s.Value),
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
