using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ParSurvey.SurveyApi.Reports.Documents;

/// <summary>Text down A4 pages: wrapped at word boundaries, onto a new page when one is full.</summary>
internal sealed class PdfPageWriter
{
    // Nghị định 30, Phụ lục I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    public static readonly double Left = XUnit.FromMillimeter(30).Point, Right = XUnit.FromMillimeter(15).Point,
        Top = XUnit.FromMillimeter(20).Point, Bottom = XUnit.FromMillimeter(20).Point;
    public const double PageWidth = 595.28, PageHeight = 841.89; // A4 in points
    public static readonly double TextWidth = PageWidth - Left - Right;
    private const double CellPadding = 3;

    private readonly PdfDocument _pdf;
    private readonly DocumentTypefaces _fonts;
    private XGraphics _gfx;

    public PdfPageWriter(PdfDocument pdf, DocumentTypefaces fonts)
    {
        _pdf = pdf;
        _fonts = fonts;
        _gfx = XGraphics.FromPdfPage(NewPage());
    }

    public double Y { get; set; } = Top;

    private PdfPage NewPage()
    {
        var page = _pdf.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        return page;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> still fits on this one (or this one is still empty).</summary>
    public bool EnsureRoom(double height)
    {
        if (Y + height <= PageHeight - Bottom || Y <= Top) return false;
        _gfx.Dispose();
        _gfx = XGraphics.FromPdfPage(NewPage());
        Y = Top;
        return true;
    }

    /// <summary>Page numbers from page 2, centred in the top margin (Nghị định 30).</summary>
    public void NumberPages()
    {
        _gfx.Dispose();
        for (var i = 1; i < _pdf.PageCount; i++)
        {
            using var gfx = XGraphics.FromPdfPage(_pdf.Pages[i], XGraphicsPdfPageOptions.Append);
            gfx.DrawString((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), _fonts.Regular13, XBrushes.Black,
                new XRect(Left, Top / 2 - 6, TextWidth, 14), XStringFormats.TopCenter);
        }
    }

    public double LineHeight(XFont font) => font.Size * 1.22;

    public double Measure(string text, XFont font) => _gfx.MeasureString(text, font).Width;

    /// <summary>Centred, wrapped lines in the box from <paramref name="y"/>; answers the y below them.</summary>
    public double Centered(string text, XFont font, XRect box, double y)
    {
        foreach (var line in Wrap(text, font, box.Width))
        {
            _gfx.DrawString(line, font, XBrushes.Black, new XRect(box.X, y, box.Width, font.Size), XStringFormats.TopCenter);
            y += LineHeight(font);
        }
        return y;
    }

    public double Line(string text, XFont font, double x, double y)
    {
        _gfx.DrawString(text, font, XBrushes.Black, new XRect(x, y, TextWidth, font.Size), XStringFormats.TopLeft);
        return y + LineHeight(font);
    }

    public void RuleUnder(XRect column, double y, double width) =>
        _gfx.DrawLine(new XPen(XColors.Black, 0.6), column.X + (column.Width - width) / 2, y, column.X + (column.Width + width) / 2, y);

    private static double Indent => XUnit.FromMillimeter(10).Point;

    /// <summary>A body paragraph: first line indented 1 cm (unless a list item), 6 pt after; may run onto the next page.</summary>
    public void Paragraph(string text, XFont font, bool indent, double spaceBefore = 0)
    {
        Y += spaceBefore;
        var first = true;
        foreach (var line in Wrap(text, font, TextWidth - (indent ? Indent : 0), TextWidth))
        {
            EnsureRoom(LineHeight(font));
            _gfx.DrawString(line, font, XBrushes.Black, new XRect(Left + (first && indent ? Indent : 0), Y, TextWidth, font.Size), XStringFormats.TopLeft);
            Y += LineHeight(font);
            first = false;
        }
        Y += 6;
    }

    public double HeightOf(DocumentBlock block, DocumentTypefaces f) => block switch
    {
        DocumentBlock.Heading h => 4 + Wrap(h.Text, f.Bold13, TextWidth).Count() * LineHeight(f.Bold13) + 6,
        DocumentBlock.Paragraph p => Wrap(p.Text, f.Regular13, TextWidth - (p.Item ? 0 : Indent), TextWidth).Count() * LineHeight(f.Regular13) + 6,
        DocumentBlock.Table t => RowHeight(t.Headers, t, f.Bold12) + t.Rows.Sum(r => RowHeight(r, t, f.Regular12)) + 8,
        _ => 0,
    };

    /// <summary>What must follow a heading on its page: two lines of a paragraph, or a table's header and first row.</summary>
    public double LeadOf(DocumentBlock block, DocumentTypefaces f) => block switch
    {
        DocumentBlock.Paragraph p => Math.Min(HeightOf(p, f), 2 * LineHeight(f.Regular13)),
        DocumentBlock.Table t => RowHeight(t.Headers, t, f.Bold12) + (t.Rows.Count > 0 ? RowHeight(t.Rows[0], t, f.Regular12) : 0),
        _ => 0,
    };

    /// <summary>A ruled table; a row that does not fit goes to the next page under a repeated header row.</summary>
    /// <param name="keepAfterLastRow">Room the block after the table needs on the last row's page.</param>
    public void Table(DocumentBlock.Table table, DocumentTypefaces f, double keepAfterLastRow)
    {
        var widths = Columns(table);
        EnsureRoom(LeadOf(table, f));
        Row(table.Headers, widths, new string('C', widths.Length), f.Bold12);
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var height = RowHeight(table.Rows[i], table, f.Regular12) + (i == table.Rows.Count - 1 ? keepAfterLastRow : 0);
            if (EnsureRoom(height)) Row(table.Headers, widths, new string('C', widths.Length), f.Bold12);
            Row(table.Rows[i], widths, table.Align, f.Regular12);
        }
        Y += 8;
    }

    private static double[] Columns(DocumentBlock.Table table)
    {
        var total = table.Widths.Sum();
        return table.Widths.Select(w => w / total * TextWidth).ToArray();
    }

    private double RowHeight(IReadOnlyList<string> cells, DocumentBlock.Table table, XFont font)
    {
        var widths = Columns(table);
        return cells.Select((c, i) => Wrap(c, font, widths[i] - 2 * CellPadding).Count()).Max() * LineHeight(font) + 2 * CellPadding;
    }

    private void Row(IReadOnlyList<string> cells, double[] widths, string align, XFont font)
    {
        var lines = cells.Select((c, i) => Wrap(c, font, widths[i] - 2 * CellPadding).ToArray()).ToArray();
        var height = lines.Max(l => l.Length) * LineHeight(font) + 2 * CellPadding;
        var pen = new XPen(XColors.Black, 0.5);
        var x = Left;
        for (var i = 0; i < cells.Count; i++)
        {
            _gfx.DrawRectangle(pen, x, Y, widths[i], height);
            var format = align[i] switch { 'R' => XStringFormats.TopRight, 'C' => XStringFormats.TopCenter, _ => XStringFormats.TopLeft };
            var y = Y + CellPadding;
            foreach (var line in lines[i])
            {
                _gfx.DrawString(line, font, XBrushes.Black, new XRect(x + CellPadding, y, widths[i] - 2 * CellPadding, font.Size), format);
                y += LineHeight(font);
            }
            x += widths[i];
        }
        Y += height;
    }

    public IEnumerable<string> Wrap(string text, XFont font, double firstWidth, double? restWidth = null)
    {
        var width = firstWidth;
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && Measure(candidate, font) > width)
            {
                yield return line;
                line = word;
                width = restWidth ?? firstWidth;
            }
            else line = candidate;
        }
        if (line.Length > 0 || text.Length == 0) yield return line;
    }
}
