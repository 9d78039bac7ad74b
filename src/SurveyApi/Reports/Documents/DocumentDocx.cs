using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ParSurvey.SurveyApi.Reports.Documents;

/// <summary>
/// An <see cref="OfficialDocument"/> as a Word document the office edits and numbers before signing: Times New Roman
/// 13 pt, A4 with the margins of Nghị định 30, real paragraphs and tables (the header blocks and the signature are
/// borderless tables, as the ministries' own templates have them), table header rows repeated (tblHeader), rows never
/// split (cantSplit), the last paragraph kept with the signature (keepNext), page numbers from page 2 (titlePg).
/// </summary>
public static class DocumentDocx
{
    public const string Font = "Times New Roman";
    // Twentieths of a point: 1 mm = 56.7; A4 is 11906 × 16838.
    private const int PageWidth = 11906, PageHeight = 16838, MarginLeft = 1701, MarginRight = 851, MarginTop = 1134, MarginBottom = 1134;
    private const int TextWidth = PageWidth - MarginLeft - MarginRight;

    public static byte[] Write(OfficialDocument d)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
            var numbered = main.AddNewPart<HeaderPart>();
            numbered.Header = new Header(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                new SimpleField(new Run(new Text("2"))) { Instruction = " PAGE " }));
            var first = main.AddNewPart<HeaderPart>();
            first.Header = new Header(new Paragraph());
            var body = new Body();
            body.Append(HeaderBlocks(d));
            body.Append(Para(d.Kind, bold: true, size: 28, center: true, before: 360, keepNext: true));
            body.Append(Para(d.Title, bold: true, size: 28, center: true, after: 240, keepNext: true));
            for (var i = 0; i < d.Body.Count; i++)
            {
                var last = i == d.Body.Count - 1;
                body.Append(d.Body[i] switch
                {
                    DocumentBlock.Heading h => (OpenXmlElement)Para(h.Text, bold: true, before: 120, after: 120, keepNext: true),
                    DocumentBlock.Paragraph p => Para(p.Text, italic: p.Italic, indent: !p.Item, after: 120, keepNext: last),
                    DocumentBlock.Table t => Table(t),
                    _ => new Paragraph(),
                });
            }
            body.Append(Signature(d));
            body.Append(new SectionProperties(
                new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(numbered) },
                new HeaderReference { Type = HeaderFooterValues.First, Id = main.GetIdOfPart(first) },
                new PageSize { Width = PageWidth, Height = PageHeight },
                new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = MarginLeft, Right = MarginRight, Header = 567, Footer = 567, Gutter = 0 },
                new TitlePage()));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Styles Styles() => new(new DocDefaults(
        new RunPropertiesDefault(new RunPropertiesBaseStyle(
            new RunFonts { Ascii = Font, HighAnsi = Font, EastAsia = Font, ComplexScript = Font },
            new FontSize { Val = "26" }, new FontSizeComplexScript { Val = "26" }, new Languages { Val = "vi-VN" })),
        new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { Before = "0", After = "0", Line = "264", LineRule = LineSpacingRuleValues.Auto }))));

    /// <summary>Issuing body and number left, Quốc hiệu, Tiêu ngữ, place and date right: a borderless two-column table.</summary>
    private static Table HeaderBlocks(OfficialDocument d)
    {
        int leftWidth = TextWidth * 2 / 5 + 280, rightWidth = TextWidth - leftWidth + 280;
        var left = new List<OpenXmlElement>();
        if (d.Header.ParentBody.Length > 0) left.Add(Para(d.Header.ParentBody, size: 24, center: true));
        left.Add(Para(d.Header.IssuingBody, bold: true, size: 24, center: true));
        left.Add(Rule(leftWidth, leftWidth / 3));
        left.Add(Para(d.Number, center: true, before: 60));
        var right = new List<OpenXmlElement>
        {
            Para(Quoc.Hieu, bold: true, size: 24, center: true),
            Para(Quoc.TieuNgu, bold: true, center: true),
            Rule(rightWidth, 3400),
            Para(d.PlaceAndDate, italic: true, center: true, before: 60),
        };
        return Borderless([leftWidth, rightWidth], -280, left, right);
    }

    /// <summary>"Nơi nhận:" and its list left, the signer right.</summary>
    private static Table Signature(OfficialDocument d)
    {
        var left = new List<OpenXmlElement> { Para("Nơi nhận:", bold: true, italic: true, size: 24, before: 120, keepNext: true) };
        left.AddRange(d.Header.Recipients.Select(r => Para("- " + r, size: 22, keepNext: true)));
        var right = d.SignerLines().Select((l, i) => (OpenXmlElement)Para(l, bold: true, center: true, before: i == 0 ? 120 : 0, keepNext: true)).ToList();
        right.Add(Para(d.Header.SignerName, bold: true, center: true, before: 1300));
        return Borderless([TextWidth * 9 / 20, TextWidth * 11 / 20], 0, left, right);
    }

    private static Table Borderless(int[] widths, int indent, params List<OpenXmlElement>[] cells)
    {
        var none = new TableBorders(new TopBorder { Val = BorderValues.None }, new LeftBorder { Val = BorderValues.None },
            new BottomBorder { Val = BorderValues.None }, new RightBorder { Val = BorderValues.None },
            new InsideHorizontalBorder { Val = BorderValues.None }, new InsideVerticalBorder { Val = BorderValues.None });
        var table = new Table(new TableProperties(new TableWidth { Width = widths.Sum().ToString(), Type = TableWidthUnitValues.Dxa },
                new TableIndentation { Width = indent, Type = TableWidthUnitValues.Dxa }, none, new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString() })));
        var row = new TableRow(new TableRowProperties(new CantSplit()));
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(), Type = TableWidthUnitValues.Dxa }));
            cell.Append(cells[i]);
            row.Append(cell);
        }
        table.Append(row);
        return table;
    }

    private static Table Table(DocumentBlock.Table t)
    {
        var total = t.Widths.Sum();
        var widths = t.Widths.Select(w => (int)(w / total * TextWidth)).ToArray();
        var border = () => new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(new TableWidth { Width = widths.Sum().ToString(), Type = TableWidthUnitValues.Dxa }, border(),
                new TableLayout { Type = TableLayoutValues.Fixed },
                new TableCellMarginDefault(new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa }, new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa })),
            new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString() })));
        table.Append(Row(t.Headers, widths, new string('C', widths.Length), header: true));
        foreach (var row in t.Rows) table.Append(Row(row, widths, t.Align, header: false));
        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, int[] widths, string align, bool header)
    {
        var properties = new TableRowProperties(new CantSplit());
        if (header) properties.Append(new TableHeader());
        var row = new TableRow(properties);
        row.Append(cells.Select((c, i) => new TableCell(
            new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(), Type = TableWidthUnitValues.Dxa }),
            Para(c, bold: header, size: 24, align: align[i]))));
        return row;
    }

    private static Paragraph Rule(int cellWidth, int width) => new(new ParagraphProperties(
        new ParagraphBorders(new TopBorder { Val = BorderValues.Single, Size = 6, Space = 1 }),
        new SpacingBetweenLines { Before = "20", After = "0", Line = "120", LineRule = LineSpacingRuleValues.Exact },
        new Indentation { Left = ((cellWidth - width) / 2 - 108).ToString(), Right = ((cellWidth - width) / 2 - 108).ToString() },
        new ParagraphMarkRunProperties(new FontSize { Val = "4" })));

    private static Paragraph Para(string text, bool bold = false, bool italic = false, int size = 26, bool center = false, char align = 'L',
        bool indent = false, int before = 0, int after = 0, bool keepNext = false)
    {
        var properties = new ParagraphProperties();
        if (keepNext) properties.Append(new KeepNext(), new KeepLines());
        properties.Append(new SpacingBetweenLines { Before = before.ToString(), After = after.ToString() });
        if (indent) properties.Append(new Indentation { FirstLine = "567" });
        var justification = center ? 'C' : align;
        if (justification != 'L')
            properties.Append(new Justification { Val = justification == 'C' ? JustificationValues.Center : JustificationValues.Right });
        var run = new RunProperties();
        if (bold) run.Append(new Bold());
        if (italic) run.Append(new Italic());
        if (size != 26) run.Append(new FontSize { Val = size.ToString() }, new FontSizeComplexScript { Val = size.ToString() });
        return new Paragraph(properties, new Run(run, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
