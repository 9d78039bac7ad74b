using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>One report in every format, read back with readers independent of the writers.</summary>
public sealed record ReportFiles(JsonElement Json, Dictionary<string, List<List<string>>> Sheets,
    Dictionary<string, List<List<string>>> Csv, string Html)
{
    /// <param name="query">e.g. "period=2026-11&amp;unitId=ward-a"; every format of it is fetched.</param>
    public static async Task<ReportFiles> FetchAsync(HttpClient client, string query, params string[] csvSections)
    {
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/reports?{query}&format=json");
        var sheets = ReadSheets(await client.GetByteArrayAsync($"/api/reports?{query}&format=xlsx"));
        var csv = new Dictionary<string, List<List<string>>>();
        foreach (var section in csvSections)
            csv[section] = ParseCsv(Encoding.UTF8.GetString((await client.GetByteArrayAsync($"/api/reports?{query}&format=csv&section={section}"))[3..]));
        var html = await client.GetStringAsync($"/api/reports?{query}&format=html");
        return new ReportFiles(json, sheets, csv, html);
    }

    public static Dictionary<string, List<List<string>>> ReadSheets(byte[] xlsx)
    {
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        return workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>()
            .ToDictionary(s => s.Name!.Value!, s => Rows((WorksheetPart)workbook.WorkbookPart.GetPartById(s.Id!)));
    }

    public static List<List<string>> Rows(WorksheetPart sheet) => sheet.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>()
        .Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.Text!.Text : c.CellValue?.Text ?? "").ToList())
        .ToList();

    /// <summary>A small RFC 4180 reader, independent of the writer.</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row); row = []; }
            else cell.Append(c);
        }
        return rows;
    }
}
