using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ParSurvey.Analytics.Reports;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Reports;

public sealed record RenderedReport(byte[] Content, string ContentType, string Extension);

/// <summary>One report document in any of its formats.</summary>
public static class ReportFormats
{
    public static readonly string[] All = ["json", "xlsx", "csv", "html"];

    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        ParSurveyApp.Configure(options);
        return options;
    }

    /// <param name="section">For CSV: one section; null gives a zip with one CSV file per section.</param>
    public static RenderedReport Render(ReportDocument document, string format, string? section = null) => format switch
    {
        "json" => new(JsonSerializer.SerializeToUtf8Bytes(document, Json), "application/json; charset=utf-8", "json"),
        "xlsx" => new(ReportXlsx.Write(document.Title, ReportTables.All(document)), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        "html" => new(Encoding.UTF8.GetBytes(ReportHtml.Write(document)), "text/html; charset=utf-8", "html"),
        "csv" when section is not null => new(ReportCsv.Write(ReportTables.Build(document, section)), "text/csv; charset=utf-8", "csv"),
        "csv" => new(CsvZip(document), "application/zip", "zip"),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format"),
    };

    private static byte[] CsvZip(ReportDocument document)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            var n = 1;
            foreach (var table in ReportTables.All(document))
            {
                var entry = zip.CreateEntry($"{n++}-{table.Section}.csv", CompressionLevel.Optimal);
                using var writer = entry.Open();
                writer.Write(ReportCsv.Write(table));
            }
        }
        return stream.ToArray();
    }
}
