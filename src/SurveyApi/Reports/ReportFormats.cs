using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ParSurvey.Analytics.Reports;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Reports.Documents;

namespace ParSurvey.SurveyApi.Reports;

public sealed record RenderedReport(byte[] Content, string ContentType, string Extension);

/// <summary>One report document in any of its formats.</summary>
public static class ReportFormats
{
    public static readonly string[] All = ["json", "xlsx", "csv", "html", "pdf", "docx"];

    /// <summary>What a report job archives when not told: the PDF and DOCX are drafts an office edits, made on demand.</summary>
    public static readonly string[] Archived = ["json", "xlsx", "csv", "html"];

    /// <summary>"json, xlsx, csv, html, pdf, docx": for messages that list what is allowed.</summary>
    public static string List => string.Join(", ", All);

    public static string ContentType(string format) => format switch
    {
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv" => "application/zip",
        "html" => "text/html; charset=utf-8",
        "pdf" => "application/pdf",
        "docx" => OfficialDocuments.DocxType,
        _ => "application/json; charset=utf-8",
    };

    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        ParSurveyApp.Configure(options);
        return options;
    }

    /// <param name="section">For CSV: one section; null gives a zip with one CSV file per section.</param>
    /// <param name="official">Draws pdf and docx, the documents an office files under its unit's header.</param>
    public static RenderedReport Render(ReportDocument document, string format, OfficialDocuments? official = null, string? section = null) => format switch
    {
        "pdf" or "docx" when official is not null => official.Render(document, format),
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
