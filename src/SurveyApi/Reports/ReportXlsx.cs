using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>
/// The report as an Excel workbook (OpenXml): one sheet per section, numbers stored as numbers (shares with a
/// percentage format, so Excel in Vietnamese shows 95,3%), a frozen header row, widths that fit Vietnamese text.
/// </summary>
public static class ReportXlsx
{
    private const uint Header = 1, Percent = 2, Integer = 3, Date = 4, Wrap = 5, Title = 6;

    public static byte[] Write(string title, IReadOnlyList<ReportTable> tables)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var table in tables)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                // Row 1: the sheet's title; row 2: the headers, frozen; then the data.
                data.Append(new Row(TextCell("A1", $"{table.Title} – {title}", Title)) { RowIndex = 1 });
                data.Append(new Row(table.Headers.Select((h, i) => TextCell(Ref(i, 2), h, Header))) { RowIndex = 2 });
                uint rowIndex = 3;
                foreach (var row in table.Rows)
                {
                    data.Append(new Row(row.Select((cell, i) => Cell(Ref(i, rowIndex), cell))) { RowIndex = rowIndex });
                    rowIndex++;
                }
                var columns = new Columns(table.Widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true }));
                var view = new SheetView(new Pane
                {
                    VerticalSplit = 2, TopLeftCell = "A3", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
                }) { TabSelected = id == 1, WorkbookViewId = 0 };
                part.Worksheet = new Worksheet(new SheetViews(view), columns, data);
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = SheetName(table.Title) });
            }
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    /// <summary>Excel allows 31 characters and no []:*?/\ in a sheet name.</summary>
    private static string SheetName(string title)
    {
        var clean = new string(title.Where(c => !"[]:*?/\\".Contains(c)).ToArray());
        return clean.Length <= 31 ? clean : clean[..31];
    }

    private static Cell Cell(string reference, ReportCell cell) => cell switch
    {
        ReportCell.Count c => Number(reference, c.Value, Integer),
        ReportCell.Share { Value: { } v } => Number(reference, v, Percent),
        ReportCell.Share => TextCell(reference, "–", 0),
        ReportCell.Day d => Number(reference, d.Value.ToDateTime(TimeOnly.MinValue).ToOADate(), Date),
        ReportCell.Text t => TextCell(reference, t.Value, t.Value.Length > 60 ? Wrap : 0),
        _ => TextCell(reference, "", 0),
    };

    private static Cell Number(string reference, double value, uint style) => new()
    {
        CellReference = reference,
        DataType = CellValues.Number,
        CellValue = new CellValue(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        StyleIndex = style,
    };

    private static Cell TextCell(string reference, string value, uint style) => new()
    {
        CellReference = reference,
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve }),
        StyleIndex = style,
    };

    public static string Ref(int column, uint row)
    {
        var name = "";
        for (var c = column + 1; c > 0; c = (c - 1) / 26) name = (char)('A' + (c - 1) % 26) + name;
        return name + row;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0%" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "dd/mm/yyyy" }) { Count = 2 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "Calibri" })) { Count = 3 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDCE6F5" }) { PatternType = PatternValues.Solid })) { Count = 3 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Center }) { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true, ApplyAlignment = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 3, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true },
            new CellFormat { FontId = 2, ApplyFont = true }) { Count = 7 });
}
